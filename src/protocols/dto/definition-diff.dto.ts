import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON_VALUE } from '../../common/openapi/schemas';

class DiffEndDto {
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
  @ApiProperty() contentHash!: string;
}

class FieldChangeDto {
  @ApiProperty({ example: 'default' }) field!: string;
  @ApiPropertyOptional({ ...ANY_JSON_VALUE, description: 'Absent when the field was unset' })
  before?: unknown;
  @ApiPropertyOptional({ ...ANY_JSON_VALUE, description: 'Absent when the field is now unset' })
  after?: unknown;
}

class DefinitionChangeDto {
  @ApiProperty({ enum: ['protocol', 'settings', 'steps', 'materials', 'readouts', 'constraints'] })
  section!: string;
  @ApiProperty({ description: 'Setting key, item id, constraint or top-level field' })
  id!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) kind!: string;
  @ApiPropertyOptional({ ...ANY_JSON_VALUE, description: 'The item before (absent when added)' })
  before?: unknown;
  @ApiPropertyOptional({ ...ANY_JSON_VALUE, description: 'The item after (absent when removed)' })
  after?: unknown;
  @ApiProperty({ type: [FieldChangeDto] }) fields!: FieldChangeDto[];
}

class ChangeCountsDto {
  @ApiProperty() added!: number;
  @ApiProperty() removed!: number;
  @ApiProperty() changed!: number;
}

/** What changed between two versions of one protocol, setting by setting. */
export class DefinitionDiffDto {
  @ApiProperty({ type: DiffEndDto }) from!: DiffEndDto;
  @ApiProperty({ type: DiffEndDto }) to!: DiffEndDto;
  @ApiProperty() identical!: boolean;
  @ApiProperty({ type: [DefinitionChangeDto] }) changes!: DefinitionChangeDto[];
  @ApiProperty({ type: ChangeCountsDto }) counts!: ChangeCountsDto;
}
