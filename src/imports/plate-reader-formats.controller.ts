import { Controller, Get, Query } from '@nestjs/common';
import { pageOfLoaded } from '../common/dto/page.dto';
import { PageQueryDto } from '../common/dto/page-query.dto';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import {
  PlateReaderFormatPageDto,
  physicalLimitsDto,
  toPlateReaderFormatDto,
} from './dto/plate-reader-format.dto';
import { KNOWN_MARKS, PLATE_READER_FORMAT_TABLE } from './plate-readers';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('imports')
@ApiBearerAuth()
@Roles('scientist', 'manager', 'instrument')
@Controller('plate-reader-formats')
export class PlateReaderFormatsController {
  @Get()
  @ApiProblems()
  @ApiOperation({
    summary: 'The plate-reader export formats ThioLab reads',
    description:
      'One entry per parser: the software that writes it, text or Excel, read modes, the data ' +
      'layouts it reads, whether a file may hold several plates, and what it refuses with what to ' +
      'export instead. Formats are detected from the content; `?format=` on an upload overrides.',
  })
  @ApiOkResponse({ type: PlateReaderFormatPageDto })
  @ApiUnauthorizedResponse({ description: 'No or invalid API key' })
  list(@Query() q: PageQueryDto): PlateReaderFormatPageDto {
    return {
      ...pageOfLoaded(PLATE_READER_FORMAT_TABLE.map(toPlateReaderFormatDto), q),
      physicalLimits: physicalLimitsDto(),
      marks: KNOWN_MARKS.split(', '),
    };
  }
}
