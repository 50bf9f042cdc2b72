import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The shape of a protocol definition, for the OpenAPI description only: definitions are
 * validated by the protocol definition validator (key paths, units, bounds, references), which
 * says far more than decorators could. The same content as a `protocols/<key>.v<n>.yaml` file;
 * send it as JSON, or as YAML with `Content-Type: text/yaml` or `application/yaml`.
 */
export class ProtocolDefinitionDto {
  @ApiProperty({ example: 'mtt-viability', description: 'kebab-case protocol key' })
  key!: string;

  @ApiProperty({
    example: 1,
    description: 'Version number; the server assigns it and may fill it in when absent',
  })
  version!: number;

  @ApiProperty() title!: string;
  @ApiProperty() description!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Steps in order: {id, title, description?, durationHours?, materials?, settings?, readouts?}',
  })
  steps!: object[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Materials: {id, kind (cell-line, cryo-stock, donor, …), title, required?, multiple?}',
  })
  materials!: object[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Readouts: {id, title, kind (measured|derived), unit?, from?, analysis?}',
  })
  readouts!: object[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description:
      'Settings by camelCase key: {type (number, integer, string, boolean, enum, string-list, number-list), description, unit?, default?, min?, max?, options?, …}',
  })
  settings!: Record<string, object>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Relations between numeric settings: {left, rule (less-than|at-most), right}',
  })
  constraints?: object[];
}
