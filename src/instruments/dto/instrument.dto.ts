import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page-query.dto';
import { PageOf } from '../../common/dto/page.dto';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

export class CreateInstrumentDto {
  @ApiProperty({ example: 'Reader 2 (cell culture lab)', maxLength: 100 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'BioTek Synergy H1', maxLength: 200 })
  @IsString()
  @NoControlCharacters()
  @IsNotEmpty()
  @MaxLength(200)
  model!: string;

  @ApiPropertyOptional({ example: '21051234', maxLength: 100 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(100)
  serial?: string;

  @ApiPropertyOptional({ example: 'Room 2.14, bench 3', maxLength: 200 })
  @IsOptional()
  @IsString()
  @NoControlCharacters()
  @MaxLength(200)
  location?: string;
}

export class BindApiKeyDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Id of an API key of a user with role instrument; a key names one instrument',
  })
  @IsUUID()
  apiKeyId!: string;
}

export class ListInstrumentsQueryDto extends PageQuery() {
  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) instruments' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class InstrumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ nullable: true, type: String }) serial!: string | null;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: [String], description: 'Ids of the API keys bound to the instrument' })
  apiKeyIds!: string[];
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class InstrumentPageDto extends PageOf(
  InstrumentDto,
  'Instruments matching the filters, over all pages',
) {}
