import type { ProblemItem } from './domain.error';

/**
 * The problem item for a field or query parameter the route does not take: it lists the
 * accepted names and suggests the closest one, so that a misspelt filter (`?run=`) answers
 * "did you mean runId?" instead of being ignored.
 */
export function unknownFieldProblem(field: string, accepted: readonly string[]): ProblemItem {
  const suggestions = closestNames(field, accepted);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : '';
  const list = accepted.length > 0 ? `Accepted: ${accepted.join(', ')}.` : 'This route takes none.';
  return {
    field,
    code: 'UNKNOWN_FIELD',
    message: `${field} is not a field of this request. ${list}${hint}`,
  };
}

/**
 * The accepted names closest to `name`, case ignored: those that extend or shorten it (`run` →
 * `runId`, `resistant` → `resistantMaterialId`, in declaration order); else the one name it
 * ends (`id` → `entityId`); else the nearest by edit distance, when that is small for the
 * name's length (`stauts` → `status`).
 */
export function closestNames(name: string, accepted: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const names = accepted.map((a) => [a, a.toLowerCase()] as const);
  const related = names.filter(
    ([, b]) =>
      b !== lower &&
      Math.min(b.length, lower.length) >= 3 &&
      (b.startsWith(lower) || lower.startsWith(b)),
  );
  if (related.length > 0) return related.slice(0, 3).map(([a]) => a);
  const ending = names.filter(([, b]) => lower.length >= 2 && b !== lower && b.endsWith(lower));
  if (ending.length === 1) return [ending[0][0]];
  let best: string[] = [];
  let bestDistance = Math.max(1, Math.floor(lower.length / 3));
  for (const [a, b] of names) {
    const d = editDistance(lower, b);
    if (d < bestDistance) [best, bestDistance] = [[a], d];
    else if (d === bestDistance) best.push(a);
  }
  return best.slice(0, 3);
}

/** Levenshtein distance (insertions, deletions and substitutions each cost 1). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
