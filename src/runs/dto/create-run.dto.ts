import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class RunMaterialInputDto {
  @ApiProperty({ format: 'uuid', description: 'A tracked material (GET /materials)' })
  @IsUUID()
  materialId!: string;

  @ApiProperty({
    example: 'parental-line',
    description: "The protocol's material slot this material fills (its `materials[].id`)",
  })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'role must be a protocol material id' })
  role!: string;
}

export class CreateRunDto {
  @ApiProperty({ format: 'uuid', description: 'An APPROVED protocol version' })
  @IsUUID()
  protocolVersionId!: string;

  @ApiProperty({ example: 'HIG-82 6-TG selection, batch 3' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { startDoseMicromolar: { value: 250, unit: 'nM' }, stepFactor: 1.5 },
    description:
      "Values for the version's settings, by key. A number is given bare (in the setting's unit), " +
      'as { value, unit } or as "0.5 µM"; missing settings take their defaults.',
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiProperty({ type: [RunMaterialInputDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RunMaterialInputDto)
  materials!: RunMaterialInputDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Who does the work; default: you' })
  @IsOptional()
  @IsUUID()
  operatorId?: string;

  @ApiPropertyOptional({ description: 'Planned start, ISO 8601 (stored in UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedStartAt?: string;

  @ApiPropertyOptional({ description: 'Planned end, ISO 8601 (stored in UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedEndAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(20000)
  notes?: string;
}
