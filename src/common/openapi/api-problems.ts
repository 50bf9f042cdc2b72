import { applyDecorators } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ERROR_CODES, ErrorCode } from '../errors/error-codes';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
/** The operation extension that lists the codes a route documents itself (set by ApiProblems). */
export const PROBLEM_CODES_EXTENSION = 'x-problem-codes';

/** One located problem of `errors[]`. */
export class ProblemItemDto {
  @ApiPropertyOptional({ type: String, example: 'settings.fitModel' }) field?: string;
  @ApiPropertyOptional({ type: Number, description: '1-based line or row of an uploaded file' })
  line?: number;
  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }] }) column?:
    number | string;
  @ApiPropertyOptional({ type: Number, description: '0-based offset in a request body' })
  position?: number;
  @ApiPropertyOptional({ type: String, example: 'B7' }) well?: string;
  @ApiProperty({ type: String, example: 'NOT_A_NUMBER' }) code!: string;
  @ApiProperty({ type: String }) message!: string;
}

/** The RFC 9457 body of every error, with ThioLab's `code` and located `errors[]`. */
export class ProblemDto {
  @ApiProperty({ type: String, example: 'https://thiolab.dev/problems/not-found' }) type!: string;
  @ApiProperty({ type: String, example: 'Not found' }) title!: string;
  @ApiProperty({ type: Number, example: 404 }) status!: number;
  @ApiProperty({ type: String, enum: Object.keys(ERROR_CODES), example: 'NOT_FOUND' })
  code!: string;
  @ApiProperty({ type: String, description: 'What went wrong and what to do' }) detail!: string;
  @ApiPropertyOptional({ type: String, example: '/api/v1/runs/0190…' }) instance?: string;
  @ApiPropertyOptional({ type: String, description: 'Quote it when reporting a problem' })
  requestId?: string;
  @ApiProperty({ type: [ProblemItemDto] }) errors!: ProblemItemDto[];
}

function problemResponse(codes: readonly ErrorCode[]): ResponseObject {
  return {
    description: codes.map((c) => `\`${c}\`: ${ERROR_CODES[c].title}`).join('; '),
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: {
          allOf: [
            { $ref: getSchemaPath(ProblemDto) },
            { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } },
          ],
        },
      },
    },
  };
}

function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code].status;
    const group = groups.get(status) ?? [];
    if (!group.includes(code)) group.push(code);
    groups.set(status, group);
  }
  return groups;
}

/**
 * Documents the errors a route answers, by code, as problem+json responses grouped by status:
 * `@ApiProblems('NOT_FOUND', 'RUN_LOCKED')`. List the codes the route's own services throw;
 * the ones every route shares (401/403 of the API key, 400 of validation when the route takes
 * input, 413/415 of bodies, 500, 503) are added to the document by `addCommonProblems`. A
 * route with no errors of its own still says so with `@ApiProblems()`: the OpenAPI test fails
 * for an operation without it.
 */
export function ApiProblems(...codes: ErrorCode[]): MethodDecorator {
  const decorators: MethodDecorator[] = [
    ApiExtraModels(ProblemDto, ProblemItemDto),
    ApiExtension(PROBLEM_CODES_EXTENSION, [...codes]),
  ];
  for (const [status, group] of byStatus(codes)) {
    decorators.push(ApiResponse({ status, ...problemResponse(group) }));
  }
  return applyDecorators(...decorators);
}

type Operation = {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  [PROBLEM_CODES_EXTENSION]?: ErrorCode[];
};

function documentedCodes(response: unknown): ErrorCode[] {
  const schema = (response as { content?: Record<string, { schema?: { allOf?: unknown[] } }> })
    ?.content?.[PROBLEM_MEDIA_TYPE]?.schema;
  const codeEnum = (schema?.allOf?.[1] as { properties?: { code?: { enum?: ErrorCode[] } } })
    ?.properties?.code?.enum;
  return codeEnum ?? [];
}

/**
 * Adds the errors every route shares to each operation of the document, merged with the codes
 * the route documents itself: 401 and 403 on routes that need a key, 400 VALIDATION_FAILED on
 * routes that take parameters or a body, 413 and 415 on routes that take a body, 500 and 503
 * everywhere.
 */
export function addCommonProblems(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(path)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const op = value as Operation;
      const common: ErrorCode[] = [];
      const secured = (op.security ?? document.security ?? []).length > 0;
      if (secured) common.push('UNAUTHENTICATED', 'INVALID_API_KEY', 'FORBIDDEN_ROLE');
      if ((op.parameters ?? []).length > 0 || op.requestBody) common.push('VALIDATION_FAILED');
      if (op.requestBody) common.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
      common.push('INTERNAL_ERROR', 'SERVICE_UNAVAILABLE');
      for (const [status, group] of byStatus(common)) {
        const existing = documentedCodes(op.responses[String(status)]);
        const merged = [...existing, ...group.filter((c) => !existing.includes(c))];
        op.responses[String(status)] = problemResponse(merged);
      }
    }
  }
  return document;
}

/** The security scheme's name in the document (the one `@ApiBearerAuth()` refers to). */
export const API_KEY_SCHEME = 'bearer';

/** How the API key is sent and what it looks like (it is not a JWT). */
export const API_KEY_SECURITY_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'tlk_<12-character prefix>_<43-character secret>',
  description:
    'An API key, sent as `Authorization: Bearer tlk_<prefix>_<secret>`: `tlk_`, a public ' +
    'prefix of 12 letters and digits, `_`, and 43 base64url characters of secret (256 bits). ' +
    'It is shown once when created (POST /api/v1/api-keys, or the bootstrap key printed on ' +
    'first start); only its sha256 is stored. Not a JWT: it carries no claims and does not expire by itself.',
} as const;
