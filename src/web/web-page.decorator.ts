import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import { WebExceptionFilter } from './web-exception.filter';
import { WebSessionGuard } from './web-session.guard';

/** Marks a controller of the web UI (the API's role-matrix walk leaves these to the UI's own). */
export const WEB_CONTROLLER = 'thiolab:web:controller';

/**
 * A controller of pages: not an API route (no Bearer key, not in the OpenAPI document); a
 * signed-in browser session instead (WebSessionGuard: the session, the route's @Roles and the
 * CSRF token); errors become pages.
 */
export function WebPages(options: { signedIn: boolean } = { signedIn: true }): ClassDecorator {
  return applyDecorators(
    SetMetadata(WEB_CONTROLLER, true),
    ApiExcludeController(),
    // Public for the API-key guard only: the session guard below authenticates instead.
    Public(),
    UseFilters(WebExceptionFilter),
    ...(options.signedIn ? [UseGuards(WebSessionGuard)] : []),
  );
}
