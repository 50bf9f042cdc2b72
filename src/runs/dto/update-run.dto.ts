import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RunMaterialInputDto } from './create-run.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/**
 * Changes to a run: by PATCH while it is planned or in progress, or by an amendment once it is
 * approved. Absent fields stay as they are; `null` clears an optional field. `parameters` and
 * `materials` replace the whole set (parameters are validated again, defaults filled).
 */
export class UpdateRunDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [RunMaterialInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RunMaterialInputDto)
  materials?: RunMaterialInputDto[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  operatorId?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedStartAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedEndAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  actualStartAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsISO8601({ strict: true })
  actualEndAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(20000)
  notes?: string | null;
}
