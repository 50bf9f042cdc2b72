import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RunsModule } from '../runs/runs.module';
import { WebAuthController } from './web-auth.controller';
import { WebExceptionFilter } from './web-exception.filter';
import { WebHomeController, WebRootController } from './web-home.controller';
import { WebHomeService } from './web-home.service';
import { WebSessionGuard } from './web-session.guard';
import { WebStaticController } from './web-static.controller';
import { WebViews } from './web-views.service';

/**
 * The web UI: server-rendered pages at /ui (and / redirecting there) that call the same services
 * as the API. It imports no assay module: what an assay shows on a page comes through the
 * assay-neutral services and registries of runs, plates and imports.
 */
@Module({
  imports: [AuthModule, RunsModule],
  controllers: [WebRootController, WebAuthController, WebHomeController, WebStaticController],
  providers: [WebViews, WebSessionGuard, WebExceptionFilter, WebHomeService],
})
export class WebModule {}
