import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ValidationFailedError } from '../errors/domain.error';
import { unknownFieldProblem } from '../errors/unknown-field';

interface RouteArgument {
  index: number;
  data?: unknown;
}

/**
 * Refuses query parameters an API route does not read. A route with a query DTO (`@Query() q:
 * ListRunsQueryDto`) is left to the ValidationPipe (whitelist); this covers the routes that
 * read no query at all (`GET /runs/:id?foo=1`), so that a misspelt parameter answers 400
 * UNKNOWN_FIELD instead of being ignored. Web pages (outside `pathPrefix`) are not checked.
 */
export class UnknownQueryInterceptor implements NestInterceptor {
  constructor(private readonly pathPrefix: string) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.path.startsWith(this.pathPrefix)) return next.handle();
    const given = Object.keys(request.query ?? {});
    if (given.length === 0) return next.handle();
    const accepted = namedQueryParameters(context);
    if (accepted === 'dto') return next.handle();
    const unknown = given.filter((name) => !accepted.includes(name));
    if (unknown.length > 0) {
      throw new ValidationFailedError(unknown.map((name) => unknownFieldProblem(name, accepted)));
    }
    return next.handle();
  }
}

/** The `@Query('x')` names of the handler, or 'dto' when it takes the whole query object. */
function namedQueryParameters(context: ExecutionContext): string[] | 'dto' {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, RouteArgument>;
  const names: string[] = [];
  for (const [key, argument] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
    if (typeof argument.data !== 'string') return 'dto';
    names.push(argument.data);
  }
  return names;
}
