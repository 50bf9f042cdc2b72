import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  DatabaseBusyError,
  DatabaseUnavailableError,
  isConnectionLoss,
  isLockTimeout,
  RETRY_AFTER_SECONDS,
} from '../database/connection-loss';
import { JsonBodyError } from '../http/json-body';
import { DomainError, ProblemItem } from './domain.error';
import { codeForStatus, ERROR_CODES, ErrorCode } from './error-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors: ProblemItem[];
  [extension: string]: unknown;
}

/**
 * The one global filter: every error leaves the API as an RFC 9457 problem+json body.
 * Domain errors map through ERROR_CODES; framework HttpExceptions (unknown route, body too
 * large) map by status; anything else is a 500 that is logged with the request id and
 * answered without internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    // A database that cannot be reached, or that did not grant a lock in time, is unavailable,
    // not broken: 503 with Retry-After.
    const lost =
      exception instanceof DomainError
        ? exception
        : isConnectionLoss(exception)
          ? new DatabaseUnavailableError('not-stored', exception)
          : isLockTimeout(exception)
            ? new DatabaseBusyError(exception)
            : exception;
    const body = this.toProblem(lost);
    body.instance = req.originalUrl ?? req.url;
    if (req.id !== undefined) body.requestId = String(req.id);
    if (lost instanceof DatabaseUnavailableError) {
      const cause = lost.causeError ?? exception;
      this.logger.warn(
        { requestId: body.requestId },
        `database unavailable (${lost.outcome}): ${cause instanceof Error ? cause.message : String(cause)}`,
      );
    } else if (lost instanceof DatabaseBusyError) {
      // The statement that waited says which lock it was.
      const query = (exception as { query?: unknown }).query;
      this.logger.warn(
        { requestId: body.requestId },
        `database busy: ${exception instanceof Error ? exception.message : String(exception)}` +
          (typeof query === 'string' ? ` (waiting in: ${query.slice(0, 200)})` : ''),
      );
    } else if (body.status >= 500) {
      this.logger.error(
        { err: exception, requestId: body.requestId },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (res.headersSent) return;
    if (body.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): ProblemBody {
    if (exception instanceof DomainError) {
      const { status, title } = ERROR_CODES[exception.code];
      return {
        ...exception.extensions,
        type: problemType(exception.code),
        title,
        status,
        code: exception.code,
        detail: exception.detail,
        errors: exception.errors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = codeForStatus(status);
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: unknown }).message
          : exception.message;
      return {
        type: problemType(code),
        title: ERROR_CODES[code].title,
        status,
        code,
        detail: Array.isArray(message) ? message.join('; ') : String(message),
        errors: [],
      };
    }
    // body-parser errors carry a status and a type but are not HttpExceptions.
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus !== undefined) {
      const code = codeForStatus(parserStatus);
      return {
        type: problemType(code),
        title: ERROR_CODES[code].title,
        status: parserStatus,
        code,
        ...bodyParserProblem(exception as Error),
      };
    }
    return {
      type: problemType('INTERNAL_ERROR'),
      title: ERROR_CODES.INTERNAL_ERROR.title,
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      errors: [],
    };
  }
}

/** A refused JSON body names its line, column and offset in `errors[]` too. */
function bodyParserProblem(e: Error): { detail: string; errors: ProblemItem[] } {
  if (e instanceof JsonBodyError) {
    return {
      detail: e.message,
      errors: [{ field: 'body', ...e.location, code: e.code, message: e.message }],
    };
  }
  return { detail: e.message, errors: [] };
}

function problemType(code: ErrorCode): string {
  return `https://thiolab.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

function bodyParserStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof e.status === 'number' && typeof e.type === 'string' && e.expose === true) {
    return e.status;
  }
  return undefined;
}
