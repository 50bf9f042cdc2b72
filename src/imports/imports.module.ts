import { Module } from '@nestjs/common';
import { PlateImportsRepository } from './plate-imports.repository';
import { AuditModule } from '../audit/audit.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PlatesModule } from '../plates/plates.module';
import { InstrumentFeedsController } from './instrument-feeds.controller';
import { PlateAnalyses } from './plate-analysis.hook';
import { PlateImportService } from './plate-import.service';
import { PlateMapImportService } from './plate-map-import.service';
import { PlateMapImportsController } from './plate-map-imports.controller';
import { PlateReaderFormatsController } from './plate-reader-formats.controller';
import { PlateReadingsController } from './plate-readings.controller';

/**
 * Plate-reader imports: instrument feeds and uploads by people, and CSV plate maps. The assay
 * analysis of a stored reading comes from PlateAnalyses, which the viability module fills
 * (provideAssay); the server does not start without it.
 */
@Module({
  imports: [AuditModule, PlatesModule, InstrumentsModule],
  controllers: [
    InstrumentFeedsController,
    PlateReadingsController,
    PlateReaderFormatsController,
    PlateMapImportsController,
  ],
  providers: [PlateImportService, PlateMapImportService, PlateAnalyses, PlateImportsRepository],
  exports: [PlateImportService, PlateAnalyses],
})
export class ImportsModule {}
