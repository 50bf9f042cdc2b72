import {
  Body,
  Controller,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UploadedFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { PlateImportResultDto, PlateReadingUploadQueryDto } from './dto/plate-import.dto';
import { PlateImportService } from './plate-import.service';
import { AcceptsPlateUpload } from './plate-upload';
import { idempotencyKeyOf, uploadedBytes, type UploadedFileLike } from './uploaded-text';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('imports')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('plates')
export class PlateReadingsController {
  constructor(private readonly imports: PlateImportService) {}

  @Post(':id/readings')
  @ApiProblems(
    'IMPORT_REJECTED',
    'IDEMPOTENCY_KEY_REUSED',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'RUN_NOT_IN_PROGRESS',
  )
  @AcceptsPlateUpload()
  @ApiOperation({
    summary: 'Upload a plate-reader export for this plate',
    description:
      'The same import as POST /instrument-feeds, for people: validated whole, stored once, ' +
      '`dryRun=true` reports without writing.',
  })
  async upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query() q: PlateReadingUploadQueryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlateImportResultDto> {
    const { bytes, filename } = uploadedBytes(body, file, q.filename);
    const out = await this.imports.importReading(actor, {
      bytes,
      filename,
      format: q.format,
      plate: id,
      dryRun: q.dryRun,
      idempotencyKey: idempotencyKeyOf(key),
    });
    res.status(out.created ? 201 : 200);
    return out.result;
  }
}
