/**
 * The synthetic MTT plate both benchmarks use: the design of
 * ../shared/fixtures/mtt/parental-vs-resistant on 96 wells (rows A–C parental, D–F resistant,
 * column 1 blank, 2–3 vehicle, 4–12 treated from 200 µM down in 2-fold steps, row G positive
 * control, row H empty); a 384-well plate tiles it 2 × 2.
 */
export type BenchPlateSize = 96 | 384;

export const BENCH_CONCENTRATIONS_UM = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

export interface BenchWell {
  role: string;
  line: 'parental' | 'resistant' | '';
  concentrationUm: number;
}

/** The well at (row, column) of the 96-well design, both 0-based. */
function baseWell(r: number, c: number): BenchWell {
  const line = r < 3 ? 'parental' : r < 6 ? 'resistant' : '';
  if (r === 7) return { role: 'empty', line: '', concentrationUm: 0 };
  if (r === 6)
    return { role: 'positive', line: c < 6 ? 'parental' : 'resistant', concentrationUm: 0 };
  if (c === 0) return { role: 'blank', line: '', concentrationUm: 0 };
  if (c <= 2) return { role: 'vehicle', line, concentrationUm: 0 };
  return { role: 'treated', line, concentrationUm: BENCH_CONCENTRATIONS_UM[c - 3] };
}

export function benchPlateDims(size: BenchPlateSize): { rows: number; columns: number } {
  return size === 96 ? { rows: 8, columns: 12 } : { rows: 16, columns: 24 };
}

/** The well at (row, column), 0-based, of a plate of this size. */
export function benchWellAt(size: BenchPlateSize, r: number, c: number): BenchWell {
  return size === 96 ? baseWell(r, c) : baseWell(r % 8, c % 12);
}

/** mulberry32: small seeded PRNG, deterministic across runs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The absorbance a reader reports for this well at `nm` (570 nm measurement, else reference):
 * viability follows a 4PL curve (IC50 3 µM parental, 30 µM resistant, slope 1.2) plus ±4 % noise.
 * Draws from `u` in a fixed order, so a seed gives the same plate every time.
 */
export function benchAbsorbance(w: BenchWell, nm: number, u: () => number): number {
  const noise = 1 + (u() - 0.5) * 0.08;
  if (nm !== 570) return 0.04 + u() * 0.006;
  if (w.role === 'blank') return 0.088 * noise;
  if (w.role === 'empty') return 0.044 * noise;
  if (w.role === 'positive') return 0.099 * noise;
  const ic50 = w.line === 'parental' ? 3 : 30;
  const x = w.concentrationUm;
  const viable = x === 0 ? 1 : 1 / (1 + Math.pow(x / ic50, 1.2));
  return (0.13 + 1.2 * viable) * noise;
}

/** The CSV plate map of the design (well, role, line, concentration in µM). */
export function benchPlateMap(size: BenchPlateSize): string {
  const { rows, columns } = benchPlateDims(size);
  const lines = ['well,role,line,concentration_uM'];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const w = benchWellAt(size, r, c);
      const conc = w.role === 'empty' ? '' : String(w.concentrationUm);
      lines.push(`${String.fromCharCode(65 + r)}${c + 1},${w.role},${w.line},${conc}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * A grid export of the plate with a 570 and a 650 nm block and its barcode: viability follows a
 * 4PL curve plus noise, seeded.
 */
export function benchPlateFile(size: BenchPlateSize, barcode: string, seed: number): string {
  const u = mulberry32(seed);
  const { rows, columns } = benchPlateDims(size);
  const header = ['', ...Array.from({ length: columns }, (_, i) => String(i + 1))].join(',');
  const block = (nm: number): string[] => {
    const out = [`Wavelength (nm),${nm}`, '', header];
    for (let r = 0; r < rows; r++) {
      const cells = [String.fromCharCode(65 + r)];
      for (let c = 0; c < columns; c++) {
        const w = benchWellAt(size, r, c);
        const a = benchAbsorbance(w, nm, u);
        cells.push(a.toFixed(4));
      }
      out.push(cells.join(','));
    }
    return out;
  };
  return [
    'Plate reader export',
    `Barcode,${barcode}`,
    `Plate format,${size}`,
    'Read mode,Absorbance',
    'Read date,2024-06-11 14:02:37',
    'Temperature (C),25.1',
    'Units,OD',
    '',
    ...block(570),
    '',
    ...block(650),
    '',
  ].join('\n');
}
