/**
 * Gen5 exports of the synthetic MTT plate (test/support/synthetic-mtt.ts: its layout, parental
 * IC50 4 µM and resistant 40 µM) read as a resazurin or ATP viability assay would be: an
 * absorbance read beside the fluorescence and luminescence reads, each a different signal, so
 * that an IC50 at 4 and 40 µM shows the analysis used the channel it was told to use and no
 * other. The fluorescence filter pair 560/590 nm is read at two gains: the gain-50 read is the
 * curve scaled down, the gain-100 read saturates half its vehicle wells (OVRFLW) in the variant
 * that needs a choice by gain.
 */
const CONCENTRATIONS_UM = [200, 100, 50, 25, 12.5, 6.25, 3.125, 1.5625, 0.78125];

/** Fraction of the vehicle signal left at `x` µM: LL.4 with a floor of 3 %. */
function viable(x: number, ic50: number): number {
  return 0.03 + 0.97 / (1 + Math.exp(1.4 * (Math.log(x) - Math.log(ic50))));
}

/** 0 (blank) … 1 (vehicle) for a well of the synthetic layout; null for an empty well. */
function fraction(r: number, c: number): number | null {
  if (r === 7) return null;
  if (r === 6) return 0.02; // positive (kill) control
  if (c === 1) return 0; // blank
  if (c <= 3) return 1; // vehicle
  return viable(CONCENTRATIONS_UM[c - 4], r < 3 ? 4 : 40);
}

const wobble = (r: number, c: number, k: number) => 1 + 0.02 * Math.sin(7 * r + 3 * c + k);

export interface ReadModesFileOptions {
  /** Excitation/emission of the resorufin read (560/590 nm). */
  filters?: [number, number][];
  /** Read the 560/590 pair twice, at gains 50 and 100, the gain-100 read saturating. */
  twoGains?: boolean;
  /** Changes one value so each variant is other content. */
  variant?: number;
}

/**
 * A Gen5 text export: `od:600` (cell density, no dose response), fluorescence filter sets
 * (resorufin ex560/em590 and a GFP-like ex485/em528 that is flat), and luminescence (ATP).
 */
export function syntheticGen5ReadModes(barcode: string, opts: ReadModesFileOptions = {}): string {
  const filters = opts.filters ?? [
    [560, 590],
    [485, 528],
  ];
  const sets = filters.map(([ex, em], i) => ({ ex, em, gain: '50', set: i + 1, step: 'fluor' }));
  // Gen5 reads one filter pair at a second gain in a read step of its own.
  const high = { ex: 560, em: 590, gain: '100', set: 1, step: 'fluor100' };
  const head = [
    '',
    'Software Version\t3.12.08',
    '',
    'Experiment File Path:\tC:\\Users\\Public\\Documents\\Experiments\\viability.xpt',
    '',
    `Plate Number\t${barcode}`,
    'Date\t6/12/2024',
    'Time\t5:47:49 PM',
    'Reader Type:\tSynergy H1',
    'Reading Type\tReader',
    '',
    'Procedure Details',
    '',
    'Plate Type\t96 WELL PLATE (Use plate lid)',
    'Read\tod',
    '\tAbsorbance Endpoint',
    '\tFull Plate',
    '\tWavelengths:  600',
    ...[sets, ...(opts.twoGains ? [[high]] : [])].flatMap((step) => [
      `Read\t${step[0].step}`,
      '\tFluorescence Endpoint',
      '\tFull Plate',
      ...step.flatMap((s) => [
        `\tFilter Set ${s.set}`,
        `\t    Excitation: ${s.ex}/9,  Emission: ${s.em}/20`,
        `\t    Optics: Top,  Gain: ${s.gain}`,
      ]),
    ]),
    'Read\tLUM',
    '\tLuminescence Endpoint',
    '\tFull Plate',
    '\tIntegration Time: 0:01.00 (MM:SS.ss)',
    '\tFilter Set 1',
    '\t    Emission: Full light',
    '\t    Optics: Top,  Gain: 135',
    '',
    'Results',
    '\t' + Array.from({ length: 12 }, (_, c) => c + 1).join('\t'),
  ];
  const rows: string[] = [];
  for (let r = 0; r < 8; r++) {
    const cells = (label: string, value: (f: number | null, c: number) => string) =>
      Array.from({ length: 12 }, (_, c) => value(fraction(r, c + 1), c + 1)).join('\t') +
      `\t${label}`;
    const od = cells('od:600', (f, c) =>
      f === null ? '0.045' : (0.6 * wobble(r, c, 1)).toFixed(3),
    );
    rows.push(`${String.fromCharCode(65 + r)}\t${od}`);
    for (const s of [...sets, ...(opts.twoGains ? [high] : [])]) {
      const label = `${s.step}:${s.ex}/9,${s.em}/20`;
      const resorufin = s.ex === 560 && s.em === 590;
      rows.push(
        '\t' +
          cells(label, (f, c) => {
            if (!resorufin) return String(Math.round(1500 * wobble(r, c, s.set)));
            if (s.gain === '100' && f !== null && f > 0.9 && c % 2 === 0) return 'OVRFLW';
            const scale = s.gain === '100' ? 2 : 1;
            let v = Math.round(scale * (600 + 24000 * (f ?? 0)) * wobble(r, c, 2));
            if (opts.variant && r === 0 && c === 4) v += opts.variant;
            return String(v);
          }),
      );
    }
    rows.push(
      '\t' +
        cells('LUM:Lum', (f, c) => String(Math.round((250 + 90000 * (f ?? 0)) * wobble(r, c, 3)))),
    );
  }
  return [...head, ...rows, ''].join('\r\n');
}
