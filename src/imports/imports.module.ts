import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PlatesModule } from '../plates/plates.module';
import { InstrumentFeedsController } from './instrument-feeds.controller';
import { PlateImportService } from './plate-import.service';
import { PlateMapImportService } from './plate-map-import.service';
import { PlateMapImportsController } from './plate-map-imports.controller';
import { PlateReaderFormatsController } from './plate-reader-formats.controller';
import { PlateReadingsController } from './plate-readings.controller';

/**
 * Plate-reader imports: instrument feeds and uploads by people. The assay analysis joins in
 * through PLATE_ANALYSIS_HOOK (see plate-analysis.hook.ts) once the viability module provides it.
 */
@Module({
  imports: [PlatesModule, InstrumentsModule],
  controllers: [
    InstrumentFeedsController,
    PlateReadingsController,
    PlateReaderFormatsController,
    PlateMapImportsController,
  ],
  providers: [PlateImportService, PlateMapImportService],
  exports: [PlateImportService],
})
export class ImportsModule {}
