import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/page.dto';
import { Type } from 'class-transformer';
import { IsDefined, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AMENDMENT_STATUSES, type AmendmentStatus } from '../run-amendment.entity';
import { UpdateRunDto } from './update-run.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class CreateAmendmentDto {
  @ApiProperty({ type: UpdateRunDto, description: 'The fields to change, as for PATCH /runs/:id' })
  @IsDefined()
  @ValidateNested()
  @Type(() => UpdateRunDto)
  changes!: UpdateRunDto;

  @ApiProperty({ description: 'Why the approved record must change' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class AmendmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: AMENDMENT_STATUSES }) status!: AmendmentStatus;
  @ApiProperty({ type: 'object', additionalProperties: true }) changes!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Changed fields before' })
  before!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Changed fields after' })
  after!: Record<string, unknown>;
  @ApiProperty() reason!: string;
  @ApiProperty() requestedById!: string;
  @ApiProperty({ nullable: true, type: String }) decidedById!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) signatureId!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class AmendmentPageDto extends PageOf(AmendmentDto) {}
