import { PageQueryDto } from '../common/dto/page-query.dto';
import { pageOfLoaded } from '../common/dto/page.dto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { CellLinesService } from './cell-lines.service';
import { CustodyService } from './custody.service';
import { DonorPrivacyInterceptor } from './donor-privacy.interceptor';
import { CreateAliquotsDto } from './dto/create-aliquots.dto';
import { CreateBacterialCultureDto } from './dto/create-bacterial-culture.dto';
import { CreateCellLineDto } from './dto/create-cell-line.dto';
import { CreateCryoStockDto } from './dto/create-cryo-stock.dto';
import { CreateDonorDto } from './dto/create-donor.dto';
import { CreateFecalSampleDto } from './dto/create-fecal-sample.dto';
import {
  AliquotsResultDto,
  CreateCustodyEventDto,
  CustodyEventResultDto,
  CustodyEventPageDto,
} from './dto/custody-event.dto';
import { LineageDto } from './dto/lineage.dto';
import { ListMaterialsQueryDto } from './dto/list-materials.query.dto';
import { ATTRIBUTE_DTOS, MaterialDto, MaterialPageDto } from './dto/material.dto';
import { UPDATE_DTO_BY_KIND } from './dto/update-material.dto';
import { LineageService } from './lineage.service';
import { toCustodyEventDto, toMaterialDto } from './material.mapper';
import { MaterialUpdatesService } from './material-updates.service';
import { MaterialsService } from './materials.service';
import { SamplesService } from './samples.service';
import { ApiProblems } from '../common/openapi/api-problems';

const UPDATE_DTOS = Object.values(UPDATE_DTO_BY_KIND);

@ApiTags('materials')
@ApiBearerAuth()
@ApiExtraModels(...ATTRIBUTE_DTOS, ...UPDATE_DTOS)
@Roles('scientist', 'manager')
@Controller('materials')
export class MaterialsController {
  constructor(
    private readonly materials: MaterialsService,
    private readonly cellLines: CellLinesService,
    private readonly samples: SamplesService,
    private readonly updates: MaterialUpdatesService,
    private readonly custody: CustodyService,
    private readonly lineageService: LineageService,
  ) {}

  @Get()
  @ApiProblems()
  @Roles('scientist', 'manager', 'instrument')
  @ApiOperation({ summary: 'List materials, filtered, newest first, with the total' })
  @ApiOkResponse({ type: MaterialPageDto })
  async list(@Query() q: ListMaterialsQueryDto): Promise<MaterialPageDto> {
    const page = await this.materials.list({
      ...q,
      createdFrom: q.createdFrom ? new Date(q.createdFrom) : undefined,
      createdTo: q.createdTo ? new Date(q.createdTo) : undefined,
    });
    return {
      items: page.items.map(toMaterialDto),
      total: page.total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  @Get('by-barcode/:barcode')
  @ApiProblems('NOT_FOUND')
  @Roles('scientist', 'manager', 'instrument')
  @ApiOperation({ summary: 'Find a material by its barcode' })
  @ApiOkResponse({ type: MaterialDto })
  async byBarcode(@Param('barcode') barcode: string): Promise<MaterialDto> {
    return toMaterialDto(await this.materials.getByBarcode(barcode));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A material by id' })
  @ApiProblems('NOT_FOUND')
  @Roles('scientist', 'manager', 'instrument')
  @ApiOkResponse({ type: MaterialDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<MaterialDto> {
    return toMaterialDto(await this.materials.get(id));
  }

  @Get(':id/lineage')
  @ApiProblems('NOT_FOUND')
  @Roles('scientist', 'manager', 'instrument')
  @ApiOperation({ summary: 'Ancestors up to the root and descendants, as nodes and edges' })
  @ApiOkResponse({ type: LineageDto })
  lineage(@Param('id', ParseUUIDPipe) id: string): Promise<LineageDto> {
    return this.lineageService.lineage(id);
  }

  @Get(':id/custody-events')
  @ApiProblems('NOT_FOUND')
  @Roles('scientist', 'manager', 'instrument')
  @ApiOperation({ summary: 'The chain of custody, oldest first' })
  @ApiOkResponse({ type: CustodyEventPageDto })
  async custodyEvents(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQueryDto,
  ): Promise<CustodyEventPageDto> {
    return pageOfLoaded((await this.custody.list(id)).map(toCustodyEventDto), q);
  }

  @Post('cell-lines')
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNKNOWN_MATERIAL',
    'PARENT_KIND_NOT_ALLOWED',
    'MATERIAL_NOT_AVAILABLE',
    'BARCODE_TAKEN',
  )
  @ApiOperation({ summary: 'Register a parental cell line or a derived population' })
  @ApiCreatedResponse({ type: MaterialDto })
  async createCellLine(
    @CurrentActor() a: Actor,
    @Body() dto: CreateCellLineDto,
  ): Promise<MaterialDto> {
    return toMaterialDto(await this.cellLines.createCellLine(a, dto));
  }

  @Post('cryo-stocks')
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNKNOWN_MATERIAL',
    'PARENT_KIND_NOT_ALLOWED',
    'MATERIAL_NOT_AVAILABLE',
    'BARCODE_TAKEN',
  )
  @ApiOperation({ summary: 'Register a cryo-stock of a cell population' })
  @ApiCreatedResponse({ type: MaterialDto })
  async createCryoStock(
    @CurrentActor() a: Actor,
    @Body() dto: CreateCryoStockDto,
  ): Promise<MaterialDto> {
    return toMaterialDto(await this.cellLines.createCryoStock(a, dto));
  }

  @Post('donors')
  @ApiProblems('PERSONAL_DATA_NOT_ALLOWED', 'DONOR_CODE_TAKEN', 'BARCODE_TAKEN')
  @UseInterceptors(DonorPrivacyInterceptor)
  @ApiOperation({ summary: 'Register a donor by pseudonymous code; personal data is refused' })
  @ApiCreatedResponse({ type: MaterialDto })
  async createDonor(@CurrentActor() a: Actor, @Body() dto: CreateDonorDto): Promise<MaterialDto> {
    return toMaterialDto(await this.samples.createDonor(a, dto));
  }

  @Post('fecal-samples')
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNKNOWN_MATERIAL',
    'PARENT_KIND_NOT_ALLOWED',
    'MATERIAL_NOT_AVAILABLE',
    'BARCODE_TAKEN',
  )
  @ApiOperation({ summary: 'Register a fecal sample of a donor' })
  @ApiCreatedResponse({ type: MaterialDto })
  async createFecalSample(
    @CurrentActor() a: Actor,
    @Body() dto: CreateFecalSampleDto,
  ): Promise<MaterialDto> {
    return toMaterialDto(await this.samples.createFecalSample(a, dto));
  }

  @Post('bacterial-cultures')
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNKNOWN_MATERIAL',
    'PARENT_KIND_NOT_ALLOWED',
    'MATERIAL_NOT_AVAILABLE',
    'BARCODE_TAKEN',
  )
  @ApiOperation({ summary: 'Register a bacterial culture from a sample, aliquot or culture' })
  @ApiCreatedResponse({ type: MaterialDto })
  async createCulture(
    @CurrentActor() a: Actor,
    @Body() dto: CreateBacterialCultureDto,
  ): Promise<MaterialDto> {
    return toMaterialDto(await this.samples.createBacterialCulture(a, dto));
  }

  @Post(':id/aliquots')
  @ApiProblems('NOT_FOUND', 'VALIDATION_FAILED', 'MATERIAL_NOT_AVAILABLE', 'BARCODE_TAKEN')
  @ApiOperation({ summary: 'Split a fecal sample into aliquots (records `aliquoted` on it)' })
  @ApiCreatedResponse({ type: AliquotsResultDto })
  async createAliquots(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAliquotsDto,
  ): Promise<AliquotsResultDto> {
    const r = await this.samples.createAliquots(a, id, dto);
    return {
      parent: toMaterialDto(r.parent),
      aliquots: r.aliquots.map(toMaterialDto),
      event: toCustodyEventDto(r.event),
    };
  }

  @Patch(':id')
  @ApiProblems('NOT_FOUND', 'VALIDATION_FAILED', 'BARCODE_TAKEN', 'PERSONAL_DATA_NOT_ALLOWED')
  @ApiOperation({
    summary: "Edit a material's attributes",
    description:
      'The body is validated against the DTO of the material’s kind. Location, frozen state, ' +
      'freeze–thaw count and status change through custody events instead.',
  })
  @ApiBody({ schema: { oneOf: UPDATE_DTOS.map((d) => ({ $ref: getSchemaPath(d) })) } })
  @ApiOkResponse({ type: MaterialDto })
  async update(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<MaterialDto> {
    return toMaterialDto(await this.updates.update(a, id, body));
  }

  @Post(':id/custody-events')
  @ApiProblems(
    'NOT_FOUND',
    'VALIDATION_FAILED',
    'CUSTODY_EVENT_NOT_ALLOWED',
    'MATERIAL_NOT_AVAILABLE',
  )
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a custody event: moved, frozen, thawed, consumed, discarded' })
  @ApiCreatedResponse({ type: CustodyEventResultDto })
  async recordCustodyEvent(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCustodyEventDto,
  ): Promise<CustodyEventResultDto> {
    const r = await this.custody.record(a, id, dto);
    return { event: toCustodyEventDto(r.event), material: toMaterialDto(r.material) };
  }
}
