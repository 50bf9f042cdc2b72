import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ImportsModule } from '../imports/imports.module';
import { MaterialsModule } from '../materials/materials.module';
import { PlatesModule } from '../plates/plates.module';
import { ProtocolsModule } from '../protocols/protocols.module';
import { RunsModule } from '../runs/runs.module';
import { WebAssayPagesController } from './web-assay-pages.controller';
import { WebAssayUploadsController } from './web-assay-uploads.controller';
import { WebAuditController } from './web-audit.controller';
import { WebAuthController } from './web-auth.controller';
import { WebExceptionFilter } from './web-exception.filter';
import { WebHomeController, WebRootController } from './web-home.controller';
import { WebHomeService } from './web-home.service';
import { WebSessionGuard } from './web-session.guard';
import { WebMaterialCreateController } from './web-material-create.controller';
import { WebMaterialsController } from './web-materials.controller';
import { WebPlatesController } from './web-plates.controller';
import { WebProtocolDraftsController } from './web-protocol-drafts.controller';
import { WebProtocolsController } from './web-protocols.controller';
import { WebRunCreateController } from './web-run-create.controller';
import { WebRunsController } from './web-runs.controller';
import { WebRunsService } from './web-runs.service';
import { WebStaticController } from './web-static.controller';
import { WebViews } from './web-views.service';

/**
 * The web UI: server-rendered pages at /ui (and / redirecting there) that call the same services
 * as the API. It imports no assay module: what an assay shows on a page comes through the
 * assay-neutral services and registries of runs, plates and imports.
 */
@Module({
  imports: [
    AuthModule,
    AuditModule,
    RunsModule,
    PlatesModule,
    ImportsModule,
    ProtocolsModule,
    MaterialsModule,
  ],
  controllers: [
    WebRootController,
    WebAuthController,
    WebHomeController,
    // Before WebRunsController: `ui/runs/new` must not reach `ui/runs/:id`.
    WebRunCreateController,
    WebRunsController,
    WebPlatesController,
    WebProtocolsController,
    WebProtocolDraftsController,
    // Before WebMaterialsController: `ui/materials/new` must not reach `ui/materials/:id`.
    WebMaterialCreateController,
    WebMaterialsController,
    WebAssayPagesController,
    WebAssayUploadsController,
    WebAuditController,
    WebStaticController,
  ],
  providers: [WebViews, WebSessionGuard, WebExceptionFilter, WebHomeService, WebRunsService],
})
export class WebModule {}
