import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { ERROR_CODES } from '../common/errors/error-codes';
import { WebSignInRequired } from './web-errors';
import { SESSION_COOKIE, type WebRequest } from './web-request';
import { WebViews } from './web-views.service';

/**
 * Errors on the UI's pages are pages: a missing or ended session goes to the sign-in page (and
 * comes back after it), a refusal or a missing record is an HTML page that says why with the
 * same code the API would answer.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebUI');

  constructor(private readonly views: WebViews) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<WebRequest>();
    const res = http.getResponse<Response>();
    if (exception instanceof WebSignInRequired) {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      const next = exception.next ? `?next=${encodeURIComponent(exception.next)}` : '';
      res.redirect(303, `/ui/sign-in${next}`);
      return;
    }
    let status = 500;
    let code = 'INTERNAL_ERROR';
    let title: string = ERROR_CODES.INTERNAL_ERROR.title;
    let detail = 'something went wrong on the server; the request id is in the response headers';
    let problems: { where: string; message: string }[] = [];
    if (exception instanceof DomainError) {
      ({ status, title } = ERROR_CODES[exception.code]);
      code = exception.code;
      detail = exception.detail;
      problems = exception.errors.map((e) => ({
        where: e.well ?? e.field ?? (e.line ? `line ${e.line}` : ''),
        message: e.message,
      }));
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      code = status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      title = status === 404 ? 'Not found' : 'The request is not valid';
      detail = exception.message;
    } else {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : exception,
      );
    }
    this.views.send(
      res,
      status,
      req,
      'error',
      { title },
      { status, code, title, detail, problems },
    );
  }
}
