import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/page.dto';
import { PROTOCOL_VERSION_STATES, ProtocolVersionState } from '../protocol-version.lifecycle';
import { ProtocolDefinitionDto } from './protocol-definition.dto';

export class ProtocolVersionSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() protocolId!: string;
  @ApiProperty({ example: 'mtt-viability' }) key!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ enum: PROTOCOL_VERSION_STATES }) status!: ProtocolVersionState;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'sha256 of the canonical definition' }) contentHash!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: loaded by the system' })
  authorId!: string | null;
  @ApiProperty({ enum: ['file', 'api'] }) source!: string;
  @ApiProperty({ type: String, nullable: true }) sourceFile!: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '`system` for files loaded at start' })
  approvedById!: string | null;
  @ApiProperty({ type: String, nullable: true }) retiredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Comments of the last rejection' })
  reviewComments!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ProtocolVersionDto extends ProtocolVersionSummaryDto {
  @ApiProperty({ type: ProtocolDefinitionDto }) definition!: ProtocolDefinitionDto;
}

export class ProtocolDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'mtt-viability' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) createdById!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Number, nullable: true, description: 'Highest approved version number' })
  latestApprovedVersion!: number | null;
  @ApiProperty({ type: String, nullable: true }) latestApprovedVersionId!: string | null;
}

export class ProtocolDetailDto extends ProtocolDto {
  @ApiProperty({ type: [ProtocolVersionSummaryDto], description: 'The versions you can see' })
  versions!: ProtocolVersionSummaryDto[];
}

export class ProtocolPageDto extends PageOf(ProtocolDto) {}
export class ProtocolVersionPageDto extends PageOf(ProtocolVersionDto) {}
