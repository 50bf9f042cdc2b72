import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { ApiProblems } from '../common/openapi/api-problems';
import { ImportPlateLayoutDto, PlateLayoutDto } from '../plates/dto/plate-layout.dto';
import { PlateMapImportService } from './plate-map-import.service';

/** `POST /plate-layouts/import`: a layout from a CSV plate map (the other layout routes: plates). */
@ApiTags('plates')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('plate-layouts')
export class PlateMapImportsController {
  constructor(private readonly plateMaps: PlateMapImportService) {}

  @Post('import')
  @ApiProblems('IMPORT_REJECTED', 'UNKNOWN_MATERIAL')
  @ApiOperation({
    summary: 'Create a plate layout from a CSV plate map',
    description:
      'Material names in the map are resolved through `materials` (name → material id or ' +
      'barcode). Any problem answers 422 with every problem located by line and well.',
  })
  @ApiCreatedResponse({ type: PlateLayoutDto })
  importMap(@CurrentActor() a: Actor, @Body() dto: ImportPlateLayoutDto): Promise<PlateLayoutDto> {
    return this.plateMaps.importPlateMap(a, dto);
  }
}
