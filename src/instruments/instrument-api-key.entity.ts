import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { ApiKey } from '../auth/api-key.entity';
import { utcTimestampType } from '../common/database/column-types';
import { Instrument } from './instrument.entity';

/**
 * Binds one API key (of a user with role `instrument`) to exactly one instrument: the key is the
 * primary key, so it cannot name two. A feed sent with an instrument key that has no binding is
 * refused. A rotated key inherits the binding of the key it replaced.
 */
@Entity({ name: 'instrument_api_keys' })
@Index('ix_instrument_api_keys_instrument', ['instrumentId'])
export class InstrumentApiKey {
  @PrimaryColumn({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId!: string;

  @ManyToOne(() => ApiKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: ApiKey;

  @Column({ name: 'instrument_id', type: 'varchar', length: 36 })
  instrumentId!: string;

  @ManyToOne(() => Instrument, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instrument_id' })
  instrument?: Instrument;

  @Column({ name: 'bound_by_id', type: 'varchar', length: 36 })
  boundById!: string;

  @CreateDateColumn({ name: 'created_at', type: utcTimestampType() })
  createdAt!: Date;
}
