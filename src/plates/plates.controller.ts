import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import {
  CreatePlateDto,
  ListPlatesQueryDto,
  PlateDetailDto,
  PlateDto,
  PlatePageDto,
  PlateWellsDto,
  PlateWellsQueryDto,
} from './dto/plate.dto';
import { PlatesService } from './plates.service';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('plates')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('plates')
export class PlatesController {
  constructor(private readonly plates: PlatesService) {}

  @Post()
  @ApiProblems('VALIDATION_FAILED', 'PLATE_REFERENCE_UNKNOWN', 'BARCODE_TAKEN')
  @ApiOperation({
    summary: 'Plan a plate: barcode, layout, optional run',
    description: 'The layout is locked from now on: editing it makes a copy.',
  })
  @ApiCreatedResponse({ type: PlateDto })
  create(@CurrentActor() a: Actor, @Body() dto: CreatePlateDto): Promise<PlateDto> {
    return this.plates.create(a, dto);
  }

  @Get()
  @ApiProblems()
  @ApiOperation({ summary: 'List plates, filtered, newest first, with the total' })
  @ApiOkResponse({ type: PlatePageDto })
  async list(@Query() q: ListPlatesQueryDto): Promise<PlatePageDto> {
    return { ...(await this.plates.list(q)), limit: q.limit, offset: q.offset };
  }

  @Get('by-barcode/:barcode')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'Find a plate by its barcode' })
  @ApiOkResponse({ type: PlateDetailDto })
  byBarcode(@Param('barcode') barcode: string): Promise<PlateDetailDto> {
    return this.plates.getByBarcode(barcode);
  }

  @Get(':id')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({ summary: 'A plate with a summary of its readings' })
  @ApiOkResponse({ type: PlateDetailDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PlateDetailDto> {
    return this.plates.get(id);
  }

  @Get(':id/wells')
  @ApiProblems('NOT_FOUND')
  @ApiOperation({
    summary: 'Raw values per well and wavelength, with role, material and concentration',
  })
  @ApiOkResponse({ type: PlateWellsDto })
  wells(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PlateWellsQueryDto,
  ): Promise<PlateWellsDto> {
    return this.plates.wells(id, q.readingId);
  }
}
