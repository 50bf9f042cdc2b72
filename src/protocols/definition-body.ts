import { DomainError, type ProblemItem } from '../common/errors/domain.error';
import type { DefinitionProblem, ProtocolDefinition } from './definition/protocol-definition';
import {
  parseProtocolDefinition,
  validateProtocolDefinition,
} from './definition/validate-definition';

/** What the server expects of a definition sent for a given protocol version. */
export interface ExpectedIdentity {
  /** The protocol's key; absent when the body creates the protocol. */
  key?: string;
  version: number;
}

/** A definition body that failed validation: 400 with one item per problem, by key path. */
export class InvalidDefinitionError extends DomainError {
  constructor(problems: readonly DefinitionProblem[]) {
    super(
      'INVALID_PROTOCOL_DEFINITION',
      `the protocol definition has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      problems.map(toProblemItem),
    );
  }
}

function toProblemItem(p: DefinitionProblem): ProblemItem {
  return {
    field: p.path || '(root)',
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
    code: p.code,
    message: p.message,
  };
}

/** Whether a request body carries no definition (no body, `{}`, or blank text). */
export function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body === 'string') return body.trim() === '';
  if (typeof body === 'object' && !Array.isArray(body)) return Object.keys(body).length === 0;
  return false;
}

/**
 * Reads a definition sent as JSON (already parsed) or as YAML text, validates it, and checks it
 * is for the expected protocol and version. A JSON body may leave out `key` and `version`: the
 * server fills them in. YAML problems carry their line and column.
 */
export function readDefinitionBody(body: unknown, expected: ExpectedIdentity): ProtocolDefinition {
  let definition: ProtocolDefinition;
  if (typeof body === 'string') {
    const result = parseProtocolDefinition(body);
    if (!result.ok) throw new InvalidDefinitionError(result.problems);
    definition = result.definition;
  } else if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const filled: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    if (!('version' in filled)) filled.version = expected.version;
    if (!('key' in filled) && expected.key !== undefined) filled.key = expected.key;
    const result = validateProtocolDefinition(filled);
    if (!result.ok) throw new InvalidDefinitionError(result.problems);
    definition = result.definition;
  } else {
    throw new InvalidDefinitionError([
      {
        path: '',
        code: 'WRONG_TYPE',
        message: 'the body must be a definition object or YAML text',
      },
    ]);
  }
  const mismatches: DefinitionProblem[] = [];
  if (expected.key !== undefined && definition.key !== expected.key) {
    mismatches.push({
      path: 'key',
      code: 'KEY_MISMATCH',
      message: `this protocol's key is '${expected.key}', not '${definition.key}'`,
    });
  }
  if (definition.version !== expected.version) {
    mismatches.push({
      path: 'version',
      code: 'VERSION_MISMATCH',
      message: `this is version ${expected.version} (versions are numbered by the server), not ${definition.version}`,
    });
  }
  if (mismatches.length > 0) throw new InvalidDefinitionError(mismatches);
  return definition;
}
