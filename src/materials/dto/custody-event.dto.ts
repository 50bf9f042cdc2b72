import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/page.dto';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import {
  CUSTODY_EVENT_TYPES,
  POSTABLE_CUSTODY_EVENT_TYPES,
  type CustodyEventType,
  type PostableCustodyEventType,
} from '../custody-rules';
import { MaterialDto } from './material.dto';
import { IsUtcTimestamp } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class CreateCustodyEventDto {
  @ApiProperty({
    enum: POSTABLE_CUSTODY_EVENT_TYPES,
    description:
      'moved (needs toLocation); thawed (frozen material; adds a freeze–thaw cycle); frozen; ' +
      'consumed and discarded (end of use). `registered` and `aliquoted` are recorded by the system.',
  })
  @IsIn(POSTABLE_CUSTODY_EVENT_TYPES)
  type!: PostableCustodyEventType;

  @ApiPropertyOptional({ description: "Must be the material's current location when given" })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  fromLocation?: string;

  @ApiPropertyOptional({ example: 'Freezer -80 #3, rack 2' })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  toLocation?: string;

  @ApiPropertyOptional({
    example: '2024-06-11T09:30:00Z',
    description: 'UTC; default now. Not in the future, not before the previous event.',
  })
  @IsOptional()
  @IsUtcTimestamp()
  occurredAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(4000)
  notes?: string;
}

export class CustodyEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) materialId!: string;
  @ApiProperty({ enum: CUSTODY_EVENT_TYPES }) type!: CustodyEventType;
  @ApiProperty({ description: 'UTC' }) occurredAt!: Date;
  @ApiProperty({ nullable: true, type: String }) fromLocation!: string | null;
  @ApiProperty({ nullable: true, type: String }) toLocation!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Freezable kinds: count after' })
  freezeThawCountAfter!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'e.g. { aliquotIds } of an aliquoted event',
  })
  details!: Record<string, unknown> | null;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() actorName!: string;
}

export class CustodyEventResultDto {
  @ApiProperty({ type: CustodyEventDto }) event!: CustodyEventDto;
  @ApiProperty({ type: MaterialDto, description: 'The material after the event' })
  material!: MaterialDto;
}

export class AliquotsResultDto {
  @ApiProperty({ type: MaterialDto, description: 'The sample after aliquoting' })
  parent!: MaterialDto;
  @ApiProperty({ type: [MaterialDto] }) aliquots!: MaterialDto[];
  @ApiProperty({ type: CustodyEventDto, description: 'The aliquoted event on the sample' })
  event!: CustodyEventDto;
}

export class CustodyEventPageDto extends PageOf(CustodyEventDto) {}
