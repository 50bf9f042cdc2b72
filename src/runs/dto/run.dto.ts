import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { SignatureDto } from '../../signatures/signature.dto';
import { RUN_STATES, type RunAction, type RunState } from '../run.lifecycle';
import { PageOf } from '../../common/dto/page.dto';
import { SETTING_VALUE } from '../../common/openapi/schemas';

export class EnteredValueDto {
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'array', items: { type: 'number' } }] })
  value!: number | number[];
  @ApiProperty({ type: String, example: 'µM' }) unit!: string;
}

export class ResolvedParameterDto {
  @ApiProperty({
    ...SETTING_VALUE,
    description: "The value, in the setting's unit when it has one",
  })
  value!: unknown;

  @ApiPropertyOptional()
  unit?: string;

  @ApiPropertyOptional({
    type: EnteredValueDto,
    description: 'The value and unit as entered, when a unit was given',
  })
  entered?: { value: number | number[]; unit: string };

  @ApiProperty({ enum: ['entered', 'default'] })
  source!: 'entered' | 'default';
}

export class RunMaterialDto {
  @ApiProperty() materialId!: string;
  @ApiProperty({ description: 'Protocol material slot' }) role!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) barcode!: string | null;
}

export class RunDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() protocolId!: string;
  @ApiProperty({ example: 'resistance-induction' }) protocolKey!: string;
  @ApiProperty() protocolVersionId!: string;
  @ApiProperty() protocolVersion!: number;
  @ApiProperty({ enum: RUN_STATES }) status!: RunState;
  @ApiProperty({ description: 'Approved runs are locked: change them by an amendment' })
  locked!: boolean;
  @ApiProperty({
    description:
      'What the caller may do now: the actions possible from the current state that their roles ' +
      'allow; approve and return are left out for the operator and anyone who worked on the run',
    type: [String],
  })
  allowedActions!: RunAction[];
  @ApiProperty() operatorId!: string;
  @ApiProperty() createdById!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ResolvedParameterDto) },
    description: 'Every setting of the protocol version, by key',
  })
  parameters!: Record<string, ResolvedParameterDto>;
  @ApiProperty({ type: [RunMaterialDto] }) materials!: RunMaterialDto[];
  @ApiProperty({ nullable: true, type: String }) plannedStartAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedEndAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) actualStartAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) actualEndAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewComments!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedById!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class RunDetailDto extends RunDto {
  @ApiProperty({ type: [SignatureDto], description: 'Review and approval signatures' })
  signatures!: SignatureDto[];
}

export class RunPageDto extends PageOf(RunDto, 'Runs matching the filters, over all pages') {}
