import { ApiProperty } from '@nestjs/swagger';
import { WELL_ROLES, type WellRole } from '../../../imports/plate-maps/plate-map';
import { WellValueDto } from '../../../plates/dto/plate.dto';

/** The method that derived the values (the analysis's normalisation step). */
export class NormalisationProvenanceDto {
  @ApiProperty({ example: 'plate/mtt-normalisation' }) method!: string;
  @ApiProperty({ example: '1.0.0' }) methodVersion!: string;
  @ApiProperty({ description: 'sha256 of the canonical input' }) inputHash!: string;
}

/** One analysed well: its layout entry, its raw values and what the analysis derived. */
export class AnalysisWellDto {
  @ApiProperty({ example: 'A4' }) well!: string;
  @ApiProperty({ enum: WELL_ROLES, description: "The layout's role" }) role!: WellRole;
  @ApiProperty({ nullable: true, type: String }) materialId!: string | null;
  @ApiProperty({ nullable: true, type: String }) materialName!: string | null;
  @ApiProperty({ nullable: true, type: Number }) concentrationValue!: number | null;
  @ApiProperty({ nullable: true, type: String }) concentrationUnit!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'mol/L' })
  concentrationMolar!: number | null;
  @ApiProperty({ nullable: true, type: String }) inhibitorName!: string | null;
  @ApiProperty({ nullable: true, type: Number }) inhibitorConcentrationValue!: number | null;
  @ApiProperty({ nullable: true, type: String }) inhibitorConcentrationUnit!: string | null;
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
  @ApiProperty({ description: 'A′ = A − mean(A of the blank wells)' })
  blankCorrectedAu!: number;
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
