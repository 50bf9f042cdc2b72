import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contentHash } from './canonical-content';
import type { DefinitionProblem, ProtocolDefinition } from './protocol-definition';
import { parseProtocolDefinition } from './validate-definition';

/** A protocol definition file that validated. */
export interface ProtocolFile {
  /** File name inside the folder, e.g. `mtt-viability.v1.yaml`. */
  fileName: string;
  definition: ProtocolDefinition;
  /** sha256 of the canonical content (what the system signs when it loads version 1). */
  contentHash: string;
}

/** A problem in one file of the folder; `file` is the file name. */
export interface ProtocolFileProblem extends DefinitionProblem {
  file: string;
}

export interface ProtocolFilesResult {
  ok: boolean;
  files: ProtocolFile[];
  problems: ProtocolFileProblem[];
}

const DEFINITION_FILE = /\.(ya?ml|json)$/i;
const FILE_NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)\.(ya?ml|json)$/;

/** The folder of protocol definition files: `protocols/` under the working directory. */
export function defaultProtocolsDir(cwd: string = process.cwd()): string {
  return resolve(cwd, 'protocols');
}

/**
 * The protocol families of a folder, read from the file names alone (`<key>.v<n>.yaml`; the
 * loader refuses a file whose content declares another key): family → first file name. Files
 * with other names are left to the loader to report. Empty when the folder cannot be read.
 */
export function protocolFamiliesIn(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const m = FILE_NAME.exec(name);
    if (m && !out.has(m[1])) out.set(m[1], name);
  }
  return out;
}

/** The file name a definition must have: `<key>.v<version>.yaml`. */
export function expectedFileName(
  definition: Pick<ProtocolDefinition, 'key' | 'version'>,
  ext = 'yaml',
): string {
  return `${definition.key}.v${definition.version}.${ext}`;
}

/**
 * Reads and validates every `.yaml`, `.yml` and `.json` file of `dir` (other files are ignored),
 * in file-name order. Besides each file's own problems it checks that the file name matches the
 * declared key and version and that no key/version pair is declared twice. Reports everything;
 * `ok` is true only when there are no problems at all.
 */
export function loadProtocolFiles(dir: string): ProtocolFilesResult {
  const files: ProtocolFile[] = [];
  const problems: ProtocolFileProblem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => DEFINITION_FILE.test(n))
      .sort();
  } catch (err) {
    problems.push({
      file: dir,
      path: '',
      code: 'PROTOCOLS_DIR_UNREADABLE',
      message: (err as Error).message,
    });
    return { ok: false, files, problems };
  }
  if (names.length === 0) {
    problems.push({
      file: dir,
      path: '',
      code: 'NO_PROTOCOL_FILES',
      message: `no protocol definition files in ${dir}`,
    });
  }

  const seen = new Map<string, string>();
  for (const fileName of names) {
    let text: string;
    try {
      text = readFileSync(join(dir, fileName), 'utf8');
    } catch (err) {
      problems.push({
        file: fileName,
        path: '',
        code: 'FILE_UNREADABLE',
        message: (err as Error).message,
      });
      continue;
    }
    const result = parseProtocolDefinition(text);
    if (!result.ok) {
      problems.push(...result.problems.map((p) => ({ file: fileName, ...p })));
      continue;
    }
    const { definition } = result;
    const match = FILE_NAME.exec(fileName);
    if (!match || match[1] !== definition.key || Number(match[2]) !== definition.version) {
      problems.push({
        file: fileName,
        path: 'key',
        line: 1,
        column: 1,
        code: 'FILE_NAME_MISMATCH',
        message: `a file declaring ${definition.key} version ${definition.version} must be named ${expectedFileName(definition)}`,
      });
      continue;
    }
    const id = `${definition.key}@${definition.version}`;
    const earlier = seen.get(id);
    if (earlier) {
      problems.push({
        file: fileName,
        path: 'version',
        code: 'DUPLICATE_VERSION',
        message: `${definition.key} version ${definition.version} is already declared in ${earlier}`,
      });
      continue;
    }
    seen.set(id, fileName);
    files.push({ fileName, definition, contentHash: contentHash(definition) });
  }
  return { ok: problems.length === 0, files, problems };
}

/**
 * One line per problem, compiler style: `mtt-viability.v1.yaml:12:5 settings.zPrimeMin.default
 * DEFAULT_ABOVE_MAX default 1.5 is above max 1`. For start-up logs and CLI output.
 */
export function formatFileProblems(problems: readonly ProtocolFileProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
      return `${where} ${p.path || '(root)'} ${p.code} ${p.message}`;
    })
    .join('\n');
}
