import type { Body } from './lcms-world';

/** Calibrator levels (µM) of the synthetic batches: 0.01–100, each analyte the same. */
export const CAL_LEVELS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 50, 100];
export const QC_LEVELS: [string, number][] = [
  ['QC-L', 0.03],
  ['QC-M', 20],
  ['QC-H', 80],
];
/** Area per µM with an IS area of 1e6: response = C/100 exactly as written. */
const AREA_PER_MICROMOLAR = 10_000;
const IS_AREA = '1000000';

export interface UnknownConcentration {
  barcode: string;
  analyte: string;
  /** µM as the lab would measure it; the area is written from it (4 decimals). */
  micromolar: number;
}

function area(micromolar: number): string {
  return String(Math.round(micromolar * AREA_PER_MICROMOLAR * 1e4) / 1e4);
}

/**
 * A long CSV and its injection list for a batch whose calibration is exact (area ∝ nominal),
 * so that every unknown back-calculates to the concentration it was written from: calibrators,
 * the blank after the top calibrator (no peaks), QCs in triplicate, then the unknowns.
 */
export function syntheticBatch(
  analytes: string[],
  unknowns: UnknownConcentration[],
  opts: { qcOffPercent?: Record<string, number>; blankAnalyteArea?: string } = {},
): { csv: string; injections: Body[] } {
  const lines = ['sample,type,analyte,nominal,area,is_area'];
  const injections: Body[] = [];
  CAL_LEVELS.forEach((lv, i) => {
    const name = `CAL${i + 1}`;
    injections.push({ name, type: 'calibrator', nominal: lv });
    for (const a of analytes) lines.push(`${name},calibrator,${a},${lv},${area(lv)},${IS_AREA}`);
  });
  injections.push({ name: 'BLANK-AFTER-ULOQ', type: 'blank' });
  for (const a of analytes)
    lines.push(`BLANK-AFTER-ULOQ,blank,${a},,${opts.blankAnalyteArea ?? ''},`);
  for (const [level, nominal] of QC_LEVELS) {
    for (let r = 1; r <= 3; r++) {
      const name = `${level}-${r}`;
      injections.push({ name, type: 'qc', qcLevel: level, nominal });
      const off = r <= 2 ? (opts.qcOffPercent?.[level] ?? 0) : 0;
      for (const a of analytes)
        lines.push(`${name},qc,${a},${nominal},${area(nominal * (1 + off / 100))},${IS_AREA}`);
    }
  }
  const byBarcode = new Map<string, UnknownConcentration[]>();
  for (const u of unknowns) byBarcode.set(u.barcode, [...(byBarcode.get(u.barcode) ?? []), u]);
  for (const [barcode, rows] of byBarcode) {
    injections.push({ name: barcode, type: 'unknown', sampleBarcode: barcode });
    for (const a of analytes) {
      const u = rows.find((x) => x.analyte === a);
      lines.push(`${barcode},unknown,${a},,${u ? area(u.micromolar) : 'N/A'},${IS_AREA}`);
    }
  }
  return { csv: lines.join('\n') + '\n', injections };
}
