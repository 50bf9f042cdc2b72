import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's own synthetic fixtures of the analysis-edge rules (test/fixtures/analysis-edges). */
export const ANALYSIS_EDGES_DIR = join(__dirname, '..', 'fixtures', 'analysis-edges');

/** A dose series: concentrations (µM) and % viability, one point per well. */
export function readEdgeSeries(name: string): { concentrations: number[]; responses: number[] } {
  const rows = readFileSync(join(ANALYSIS_EDGES_DIR, 'dose-response', `${name}.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  return { concentrations: rows.map((r) => r[0]), responses: rows.map((r) => r[1]) };
}

/** A plate in the long MTT layout (well, role, line, concentration_uM, a570, a650). */
export function readEdgePlateText(name: string): string {
  return readFileSync(join(ANALYSIS_EDGES_DIR, 'plates', `${name}_long.csv`), 'utf8');
}
