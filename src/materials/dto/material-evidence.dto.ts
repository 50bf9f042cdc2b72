import { ApiProperty } from '@nestjs/swagger';

export class EvidenceMaterialDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
}

export class EvidenceProvenanceDto {
  @ApiProperty() method!: string;
  @ApiProperty() methodVersion!: string;
  @ApiProperty() inputHash!: string;
}

export class EvidenceItemDto {
  @ApiProperty({ type: String, nullable: true }) runId!: string | null;
  @ApiProperty({ type: String, nullable: true }) runTitle!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '`approved`: signed and locked' })
  runStatus!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) result!: Record<string, unknown>;
  @ApiProperty({ type: EvidenceProvenanceDto, nullable: true })
  provenance!: EvidenceProvenanceDto | null;
}

export class EvidenceSectionDto {
  @ApiProperty({ example: 'transporter-expression' }) section!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [EvidenceItemDto] }) items!: EvidenceItemDto[];
}

export class MaterialEvidenceDto {
  @ApiProperty({ type: EvidenceMaterialDto }) material!: EvidenceMaterialDto;
  @ApiProperty({ type: EvidenceMaterialDto, nullable: true }) parent!: EvidenceMaterialDto | null;
  @ApiProperty({ type: [EvidenceSectionDto] }) sections!: EvidenceSectionDto[];
}
