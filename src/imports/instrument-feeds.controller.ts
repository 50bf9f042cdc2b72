import { Body, Controller, Headers, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/roles';
import { InstrumentFeedQueryDto, PlateImportResultDto } from './dto/plate-import.dto';
import { PlateImportService } from './plate-import.service';
import { AcceptsPlateUpload } from './plate-upload';
import { idempotencyKeyOf, uploadedBytes, type UploadedFileLike } from './uploaded-text';
import { ApiProblems } from '../common/openapi/api-problems';

@ApiTags('imports')
@ApiBearerAuth()
@Roles('instrument')
@Controller('instrument-feeds')
export class InstrumentFeedsController {
  constructor(private readonly imports: PlateImportService) {}

  @Post()
  @ApiProblems(
    'IMPORT_REJECTED',
    'IDEMPOTENCY_KEY_REUSED',
    'INSTRUMENT_KEY_NOT_BOUND',
    'INSTRUMENT_INACTIVE',
    'RUN_LOCKED',
    'RUN_NOT_EDITABLE',
    'RUN_NOT_IN_PROGRESS',
  )
  @AcceptsPlateUpload()
  @ApiOperation({
    summary: 'Feed a plate-reader export (grid, long table, Gen5, SoftMax Pro)',
    description:
      'For API keys with role instrument, bound to one instrument record. The barcode in the ' +
      'file (or a Gen5 file name), or `plate=`, names the planned plate. Validated whole: any ' +
      'problem answers 422 with every problem by line and well, and nothing is stored. The ' +
      'same content or Idempotency-Key answers the first result with 200 and stores nothing.',
  })
  async feed(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Query() q: InstrumentFeedQueryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlateImportResultDto> {
    const { bytes, filename } = uploadedBytes(body, file, q.filename);
    const out = await this.imports.importReading(actor, {
      bytes,
      filename,
      format: q.format,
      plate: q.plate,
      dryRun: q.dryRun,
      idempotencyKey: idempotencyKeyOf(key),
    });
    res.status(out.created ? 201 : 200);
    return out.result;
  }
}
