import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import type { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/openapi/api-problems';
import { RunDetailDto } from './dto/run.dto';
import type { RunAction } from './run.lifecycle';

/**
 * One lifecycle route of a run, `POST /runs/:id/<action>`: 200 with the run's detail, the
 * refusals every transition can give (unknown run, illegal transition, locked run) plus the
 * route's own, and `manager: true` for the e-signature transitions a manager makes.
 */
export function RunTransition(
  action: RunAction,
  o: { summary: string; transition: string; problems?: ErrorCode[]; manager?: boolean },
): MethodDecorator {
  return applyDecorators(
    Post(`:id/${action}`),
    ApiOperation({ summary: o.summary }),
    ApiProblems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'RUN_LOCKED', ...(o.problems ?? [])),
    ...(o.manager ? [Roles('manager')] : []),
    HttpCode(200),
    ApiOkResponse({ type: RunDetailDto, description: o.transition }),
  );
}
