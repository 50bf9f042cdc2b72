/**
 * A cheap scan of YAML text for nesting that the parser would pay for dearly: the `yaml`
 * library stops at its stack limit on deep flow collections (`[[[[…`) and compact sequences
 * (`- - - …`), but only after seconds of CPU and gigabytes of memory for a body of a few MB.
 */

/** Deepest nesting a protocol definition may have; real definitions stay under 10. */
export const MAX_YAML_NESTING = 64;

/** Largest protocol definition text, in characters (the lab's SOP templates are far smaller). */
export const MAX_DEFINITION_CHARS = 512 * 1024;

export interface NestingProblem {
  line: number;
  column: number;
}

/**
 * Where the text first nests deeper than `max` levels: flow collections open at once, or
 * block indicators (`- `, `? `) in a row on one line. Quoted scalars and comments are skipped;
 * a bracket inside a plain scalar counts, which errs on the side of refusing.
 */
export function yamlNestingExceeded(text: string, max = MAX_YAML_NESTING): NestingProblem | null {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let atLineHead = true; // only indentation and block indicators so far on this line
  let indicators = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      atLineHead = true;
      indicators = 0;
      continue;
    }
    if (atLineHead) {
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if ((c === '-' || c === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        if (++indicators > max) return { line, column: i - lineStart + 1 };
        continue;
      }
      atLineHead = false;
    }
    if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]))) {
      while (i + 1 < n && text[i + 1] !== '\n') i++;
    } else if (c === '"') {
      for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < n; i++) {
        if (text[i] === "'") {
          if (text[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === '[' || c === '{') {
      if (++flow > max) return { line, column: i - lineStart + 1 };
    } else if (c === ']' || c === '}') {
      if (flow > 0) flow--;
    }
  }
  return null;
}
