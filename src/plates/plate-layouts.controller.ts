import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import {
  CreatePlateLayoutDto,
  ListPlateLayoutsQueryDto,
  PlateLayoutDto,
  PlateLayoutPageDto,
  UpdatedPlateLayoutDto,
} from './dto/plate-layout.dto';
import { PlateLayoutsService } from './plate-layouts.service';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('plates')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('plate-layouts')
export class PlateLayoutsController {
  constructor(private readonly layouts: PlateLayoutsService) {}

  @Post()
  @ApiProblems('VALIDATION_FAILED', 'UNKNOWN_MATERIAL')
  @ApiOperation({ summary: 'Create a plate layout (template) from JSON wells' })
  @ApiCreatedResponse({ type: PlateLayoutDto })
  create(@CurrentActor() a: Actor, @Body() dto: CreatePlateLayoutDto): Promise<PlateLayoutDto> {
    return this.layouts.create(a, dto);
  }

  @Get()
  @ApiProblems()
  @ApiOperation({ summary: 'List plate layouts, newest first' })
  @ApiOkResponse({ type: PlateLayoutPageDto })
  async list(@Query() q: ListPlateLayoutsQueryDto): Promise<PlateLayoutPageDto> {
    return { ...(await this.layouts.list(q)), limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plate layout with its wells' })
  @ApiProblems('NOT_FOUND')
  @ApiOkResponse({ type: PlateLayoutDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PlateLayoutDto> {
    return this.layouts.get(id);
  }

  @Put(':id')
  @ApiProblems('NOT_FOUND', 'VALIDATION_FAILED', 'UNKNOWN_MATERIAL')
  @ApiOperation({
    summary: 'Edit a plate layout; a layout used by a stored plate is copied instead',
    description:
      'Answers 200 with the edited layout, or 201 with a new layout (`copied: true`, ' +
      '`copiedFromId` = this id) when a stored plate uses this one: it is never edited.',
  })
  @ApiOkResponse({ type: UpdatedPlateLayoutDto })
  @ApiCreatedResponse({ type: UpdatedPlateLayoutDto })
  async update(
    @CurrentActor() a: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreatePlateLayoutDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UpdatedPlateLayoutDto> {
    const result = await this.layouts.update(a, id, dto);
    res.status(result.copied ? 201 : 200);
    return result;
  }
}
