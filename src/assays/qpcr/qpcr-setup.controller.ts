import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { ApiProblems } from '../../common/openapi/api-problems';
import { MiqeDto, NameMapDto, PutMiqeDto, PutNameMapDto } from './dto/qpcr-setup.dto';
import { QpcrSetupService } from './qpcr-setup.service';

/** A qPCR run's MIQE metadata and how its export files name samples and genes. */
@ApiTags('qpcr')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller()
export class QpcrSetupController {
  constructor(private readonly setup: QpcrSetupService) {}

  @Get('runs/:id/qpcr-miqe')
  @ApiOperation({
    summary: 'The MIQE metadata of a qPCR run, the fields its protocol requires and those missing',
  })
  @ApiOkResponse({ type: MiqeDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL')
  getMiqe(@Param('id', ParseUUIDPipe) id: string): Promise<MiqeDto> {
    return this.setup.getMiqe(id);
  }

  @Put('runs/:id/qpcr-miqe')
  @ApiOperation({
    summary:
      'Record the MIQE metadata of a qPCR run (instrument, chemistry, primers and amplicon per gene, RNA quality per sample, RT kit, efficiency source); replaces the record',
  })
  @ApiOkResponse({ type: MiqeDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL', 'RUN_LOCKED', 'RUN_NOT_EDITABLE')
  putMiqe(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PutMiqeDto,
  ): Promise<MiqeDto> {
    return this.setup.putMiqe(actor, id, dto);
  }

  @Get('runs/:id/qpcr-names')
  @ApiOperation({ summary: 'How export files name the run samples (materials, groups) and genes' })
  @ApiOkResponse({ type: NameMapDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL')
  getNames(@Param('id', ParseUUIDPipe) id: string): Promise<NameMapDto> {
    return this.setup.getNames(id);
  }

  @Put('runs/:id/qpcr-names')
  @ApiOperation({
    summary:
      'Map the export sample names to the run materials (with their group) and target names to the gene panel; replaces the map',
  })
  @ApiOkResponse({ type: NameMapDto })
  @ApiProblems('NOT_FOUND', 'WRONG_PROTOCOL', 'RUN_LOCKED', 'RUN_NOT_EDITABLE')
  putNames(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PutNameMapDto,
  ): Promise<NameMapDto> {
    return this.setup.putNames(actor, id, dto);
  }
}
