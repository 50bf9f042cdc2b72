import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Benchmark figures belong in docs/performance.md (with their date and machine), not in code
 * comments, where they go stale unnoticed: a comment keeps one line of why and points there.
 * This scans the comments of src/ (spec files excepted) for measured times, rates, memory
 * and speed-up factors.
 */
const FIGURES: { what: string; pattern: RegExp }[] = [
  { what: 'an approximate time', pattern: /(?:≈|~|about)\s*\d[\d.,]*\s*(?:ms|µs|us|ns)\b/i },
  { what: 'a range of times', pattern: /\d[\d.,]*\s*[–-]\s*\d[\d.,]*\s*(?:ms|µs|us|ns)\b/i },
  { what: 'a time before and after', pattern: /\d[\d.,]*\s*(?:→|->)\s*\d[\d.,]*\s*(?:ms|µs)\b/i },
  { what: 'a time per unit', pattern: /\d[\d.,]*\s*(?:ms|µs)\s+(?:a|per)\s+\w+/i },
  {
    what: 'a rate',
    pattern:
      /\d[\d.,]*\s*(?:ops|plates|fits|requests|imports|rows|calls)\s*(?:\/\s*s\b|a second|per second)/i,
  },
  {
    what: 'an amount of memory measured',
    pattern: /(?:≈|~)\s*\d[\d.,]*\s*(?:KB|MB|GB)\s+(?:a|an|per)\s+\w+|promoted[^.]*\d\s*(?:KB|MB)/,
  },
  {
    what: 'a speed-up factor',
    pattern: /\d[\d.,]*\s*(?:×|x)\s*(?:faster|slower|more|less|cheaper|as fast)/i,
  },
  {
    what: 'a measured percentage',
    pattern: /\d[\d.,]*\s*%\s*(?:faster|slower|more \w+ a second|fewer|less CPU)/i,
  },
];

/** The comment text of a TypeScript file, line by line (line comments and block comments). */
export function commentLines(source: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let inBlock = false;
  source.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (inBlock) {
      out.push({ line: i + 1, text: trimmed });
      if (trimmed.includes('*/')) inBlock = false;
      return;
    }
    if (trimmed.startsWith('/*')) {
      out.push({ line: i + 1, text: trimmed });
      inBlock = !trimmed.includes('*/');
      return;
    }
    const at = raw.indexOf('//');
    // A line comment, or one after code (not inside a URL such as http://).
    if (at >= 0 && (at === 0 || /\s/.test(raw[at - 1]))) {
      out.push({ line: i + 1, text: raw.slice(at) });
    }
  });
  return out;
}

export function benchmarkFigures(text: string): string[] {
  return FIGURES.filter((f) => f.pattern.test(text)).map((f) => f.what);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('no benchmark figures in src/ comments', () => {
  it('finds figures of each kind (the patterns work)', () => {
    expect(benchmarkFigures('// costs ≈ 0.5 ms a request')).toEqual(
      expect.arrayContaining(['an approximate time', 'a time per unit']),
    );
    expect(benchmarkFigures(' * slowed feeds for 50–150 ms')).toEqual(['a range of times']);
    expect(benchmarkFigures('// 574–621 plates/s on SQLite')).toEqual(['a rate']);
    expect(benchmarkFigures('// measured ~2x faster than fast mode')).toEqual([
      'a speed-up factor',
    ]);
    expect(benchmarkFigures(' * promoted ≈ 13 KB an import')).toEqual([
      'an amount of memory measured',
    ]);
    expect(benchmarkFigures(' * (≈ 10 % more imports a second in the benchmark)')).toEqual([
      'a measured percentage',
    ]);
    // Not benchmark figures: plate geometry, units, configuration, science.
    for (const ok of [
      '/** 96 (8 × 12, A1–H12) or 384 (16 × 24, A1–P24). */',
      '/** Erythrocyte 6-TGN, pmol/8×10⁸ RBC. */',
      '// Default 2: FOCUS A and B (first-order) differ by ≈ 1.3×, FOCUS C (biphasic) ≈ 10×.',
      ' * Pause before a unit whose connection died is run again, in ms.',
      ' * with few decades also at 2× and 5× (labelled)',
      '/** RDML files of two 384-well plates are ≈ 0.2 MB zipped, 5 MB as XML. */',
    ]) {
      expect(benchmarkFigures(ok)).toEqual([]);
    }
  });

  it('src/ comments quote none (they point to docs/performance.md instead)', () => {
    const root = join(__dirname, '..');
    const found: string[] = [];
    for (const file of sourceFiles(__dirname)) {
      for (const { line, text } of commentLines(readFileSync(file, 'utf8'))) {
        const kinds = benchmarkFigures(text);
        if (kinds.length > 0) {
          found.push(`${relative(root, file)}:${line}: ${kinds.join(', ')}: ${text}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
