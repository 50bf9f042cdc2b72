import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/page.dto';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import {
  DEVIATION_KINDS,
  DEVIATION_SEVERITIES,
  type DeviationKind,
  type DeviationSeverity,
} from '../run-deviation.entity';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class CreateDeviationDto {
  @ApiProperty({ description: 'What departed from the protocol' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ description: 'Why' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(5000)
  reason!: string;

  @ApiProperty({ enum: DEVIATION_SEVERITIES })
  @IsIn(DEVIATION_SEVERITIES)
  severity!: DeviationSeverity;
}

export class DeviationDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: DEVIATION_KINDS }) kind!: DeviationKind;
  @ApiProperty() description!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: DEVIATION_SEVERITIES }) severity!: DeviationSeverity;
  @ApiProperty({ nullable: true, type: String }) passageId!: string | null;
  @ApiProperty() recordedById!: string;
  @ApiProperty() createdAt!: Date;
}

export class DeviationPageDto extends PageOf(DeviationDto) {}
