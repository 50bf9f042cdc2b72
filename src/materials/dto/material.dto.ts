import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { MATERIAL_KIND_NAMES, MATERIAL_STATUSES } from '../material-kinds';
import type { MaterialKindName, MaterialStatus } from '../material-kinds';
import { CULTURE_TREATMENTS } from './create-bacterial-culture.dto';
import { RESPONDER_STATUSES, SAMPLING_TIMEPOINTS } from './create-donor.dto';
import { StoredDoseDto } from './dose.dto';
import { PageOf } from '../../common/dto/page.dto';

// Response shapes. The attribute classes document the `attributes` member of each kind.

export class SelectionHistoryEntryDto {
  @ApiProperty({ description: 'UTC, ISO 8601' }) at!: string;
  @ApiProperty({ type: StoredDoseDto }) dose!: StoredDoseDto;
  @ApiProperty({ nullable: true, type: Number }) passageNumber!: number | null;
  @ApiProperty({ example: 'registration', description: 'registration, update or run:<id>' })
  source!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() actorId!: string;
}

export class CellLineAttributesDto {
  @ApiProperty({ enum: ['parental', 'derived'] }) lineType!: 'parental' | 'derived';
  @ApiProperty({ nullable: true, type: String }) species!: string | null;
  @ApiProperty({ nullable: true, type: String }) tissue!: string | null;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
  @ApiProperty() passageNumber!: number;
  @ApiProperty({ nullable: true, type: String }) selectionAgent!: string | null;
  @ApiProperty({ nullable: true, type: StoredDoseDto }) currentDose!: StoredDoseDto | null;
  @ApiProperty({ type: [SelectionHistoryEntryDto] })
  selectionHistory!: SelectionHistoryEntryDto[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class CryoStockAttributesDto {
  @ApiProperty() passageAtFreezing!: number;
  @ApiProperty({ nullable: true, type: StoredDoseDto }) doseAtFreezing!: StoredDoseDto | null;
  @ApiProperty({ nullable: true, type: Number }) vialCount!: number | null;
  @ApiProperty({ description: 'UTC' }) frozenAt!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class DonorAttributesDto {
  @ApiProperty() condition!: string;
  @ApiProperty({ enum: RESPONDER_STATUSES }) responderStatus!: string;
  @ApiProperty({ enum: SAMPLING_TIMEPOINTS }) samplingTimepoint!: string;
  @ApiProperty() consentReference!: string;
  @ApiProperty({ nullable: true, type: String }) tpmtGenotype!: string | null;
  @ApiProperty({ nullable: true, type: String }) nudt15Genotype!: string | null;
  @ApiProperty({ nullable: true, type: Number }) tgnPmolPer8e8Rbc!: number | null;
  @ApiProperty({ nullable: true, type: Number }) mmpPmolPer8e8Rbc!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class FecalSampleAttributesDto {
  @ApiProperty({ description: 'UTC' }) collectedAt!: string;
  @ApiProperty({ nullable: true, type: Number }) massGrams!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class FecalAliquotAttributesDto {
  @ApiProperty() volumeMicrolitres!: number;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class BacterialCultureAttributesDto {
  @ApiProperty() medium!: string;
  @ApiProperty() atmosphere!: string;
  @ApiProperty({ nullable: true, type: Number }) chamberO2Ppm!: number | null;
  @ApiProperty() temperatureCelsius!: number;
  @ApiProperty({ nullable: true, type: String }) inoculum!: string | null;
  @ApiProperty({ enum: CULTURE_TREATMENTS }) treatment!: string;
  @ApiProperty({ description: 'UTC' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export const ATTRIBUTE_DTOS = [
  CellLineAttributesDto,
  CryoStockAttributesDto,
  DonorAttributesDto,
  FecalSampleAttributesDto,
  FecalAliquotAttributesDto,
  BacterialCultureAttributesDto,
];

export class LevelFlagDto {
  @ApiProperty() value!: number;
  @ApiProperty({ example: 'pmol/8×10⁸ RBC' }) unit!: string;
  @ApiProperty({
    example: 'therapeutic',
    description:
      '6-TGN: sub-therapeutic (< 235), therapeutic (235–450), toxic (> 450); ' +
      '6-MMP: below-hepatotoxic-threshold, hepatotoxic-risk (> 5700)',
  })
  status!: string;
  @ApiProperty() explanation!: string;
}

export class DrugLevelFlagsDto {
  @ApiPropertyOptional({ type: LevelFlagDto }) tgn?: LevelFlagDto;
  @ApiPropertyOptional({ type: LevelFlagDto }) mmp?: LevelFlagDto;
}

export class MaterialDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MATERIAL_KIND_NAMES }) kind!: MaterialKindName;
  @ApiProperty({ nullable: true, type: String }) barcode!: string | null;
  @ApiProperty({ description: "Display name; a donor's pseudonymous code" }) name!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId!: string | null;
  @ApiProperty({ enum: MATERIAL_STATUSES }) status!: MaterialStatus;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Freezable kinds only' })
  frozen!: boolean | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Freezable kinds only' })
  freezeThawCount!: number | null;
  @ApiProperty({
    description: 'Kind-specific attributes',
    oneOf: ATTRIBUTE_DTOS.map((d) => ({ $ref: getSchemaPath(d) })),
  })
  attributes!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: DrugLevelFlagsDto,
    description: 'Donors: 6-TGN and 6-MMP levels flagged against SCIENCE.md §5',
  })
  drugLevelFlags?: DrugLevelFlagsDto;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class MaterialPageDto extends PageOf(
  MaterialDto,
  'Materials matching the filter, over all pages',
) {}
