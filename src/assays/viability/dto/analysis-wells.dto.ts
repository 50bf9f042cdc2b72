import { ApiProperty, PickType } from '@nestjs/swagger';
import { LAYOUT_ENTRY_MEMBERS, LayoutWellDto } from '../../../plates/dto/plate-layout.dto';
import { WellValueDto } from '../../../plates/dto/plate.dto';

/** The method that derived the values (the analysis's normalisation step). */
export class NormalisationProvenanceDto {
  @ApiProperty({ example: 'plate/mtt-normalisation' }) method!: string;
  @ApiProperty({ example: '1.0.0' }) methodVersion!: string;
  @ApiProperty({ description: 'sha256 of the canonical input' }) inputHash!: string;
}

/** One analysed well: its layout entry, its raw values and what the analysis derived. */
export class AnalysisWellDto extends PickType(LayoutWellDto, [
  'well',
  ...LAYOUT_ENTRY_MEMBERS,
] as const) {
  @ApiProperty({ nullable: true, type: String }) materialName!: string | null;
  @ApiProperty({
    nullable: true,
    type: WellValueDto,
    description: 'Raw value at the measurement wavelength, as stored (null only if it is gone)',
  })
  measurement!: WellValueDto | null;
  @ApiProperty({
    nullable: true,
    type: WellValueDto,
    description: 'Raw value at the reference wavelength; null when none was subtracted',
  })
  reference!: WellValueDto | null;
  @ApiProperty({ description: 'A = A_measurement − A_reference (absorbance units)' })
  signalAu!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'A′ = A − mean(A of the blank wells); null on a plate without blank wells',
  })
  blankCorrectedAu!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '100·A′/mean(A′ vehicle); null for blanks or without a vehicle reference',
  })
  viabilityPct!: number | null;
  @ApiProperty({ description: 'A′ < 0' }) negativeSignal!: boolean;
}

/** The derived values of one analysis of a plate, well by well, with their raw values. */
export class AnalysisWellsDto {
  @ApiProperty() analysisId!: string;
  @ApiProperty() plateId!: string;
  @ApiProperty({ description: 'The plate reading analysed' }) readingId!: string;
  @ApiProperty({ enum: ['current', 'superseded'] }) status!: string;
  @ApiProperty({ description: 'Normalisation method, version and input hash' })
  provenance!: NormalisationProvenanceDto;
  @ApiProperty({
    type: [AnalysisWellDto],
    description:
      "Analysed wells in the layout's order (empty and excluded wells have no derived values)",
  })
  wells!: AnalysisWellDto[];
}
