import { randomUUID } from 'node:crypto';
import { BeforeInsert, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { utcTimestampType } from './database/column-types';

/**
 * Base of the lab records: a UUID made by the application (the same on both engines and
 * known before the insert, so bulk inserts and audit entries can name it), and UTC
 * timestamps.
 */
export abstract class BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CreateDateColumn({ name: 'created_at', type: utcTimestampType() })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: utcTimestampType() })
  updatedAt!: Date;

  @BeforeInsert()
  protected assignId(): void {
    if (!this.id) this.id = randomUUID();
  }
}

export function newId(): string {
  return randomUUID();
}
