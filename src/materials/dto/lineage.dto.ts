import { ApiProperty } from '@nestjs/swagger';
import { MATERIAL_KIND_NAMES, MATERIAL_STATUSES } from '../material-kinds';
import type { MaterialKindName, MaterialStatus } from '../material-kinds';

export class LineageNodeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MATERIAL_KIND_NAMES }) kind!: MaterialKindName;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) barcode!: string | null;
  @ApiProperty({ enum: MATERIAL_STATUSES }) status!: MaterialStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId!: string | null;
  @ApiProperty({
    description: 'Generations from the material asked: −1 its parent, 0 itself, 1 its children',
  })
  depth!: number;
}

export class LineageEdgeDto {
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty({ format: 'uuid' }) childId!: string;
}

export class LineageDto {
  @ApiProperty({ format: 'uuid' }) materialId!: string;
  @ApiProperty({ format: 'uuid', description: 'The first ancestor (the material when a root)' })
  rootId!: string;
  @ApiProperty({ type: [String], description: 'Parent first, up to the root' })
  ancestors!: string[];
  @ApiProperty({ type: [String], description: 'Children first, generation by generation' })
  descendants!: string[];
  @ApiProperty({ type: [LineageNodeDto], description: 'Ancestors, the material, descendants' })
  nodes!: LineageNodeDto[];
  @ApiProperty({ type: [LineageEdgeDto] }) edges!: LineageEdgeDto[];
  @ApiProperty({ description: 'True when the descendants were cut at the size limit' })
  truncated!: boolean;
}
