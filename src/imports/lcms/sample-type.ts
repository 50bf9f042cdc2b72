// Sample types as the quantitation programs spell them, and what each says about an injection.

export const INJECTION_TYPES = ['calibrator', 'qc', 'blank', 'zero', 'unknown'] as const;
export type InjectionType = (typeof INJECTION_TYPES)[number];

/**
 * What a file's sample type says about an injection. `batch`: an injection of the batch, which
 * the injection list may type as one of `types` (the list decides the type; the file's only
 * checks it). `not-in-batch`: an injection that checks the instrument (system suitability, tune
 * or response check), no part of the batch's calibration, QCs or samples.
 */
export type SampleTypeClass =
  | { kind: 'batch'; types: readonly InjectionType[]; meaning: string }
  | { kind: 'not-in-batch'; meaning: string };

const ANY: readonly InjectionType[] = INJECTION_TYPES;

const CALIBRATOR = { kind: 'batch', types: ['calibrator'], meaning: 'a calibration standard' };
const CAL_OR_QC = {
  kind: 'batch',
  types: ['calibrator', 'qc'],
  meaning: 'a calibration standard or a continuing-calibration check',
};
const QC = { kind: 'batch', types: ['qc'], meaning: 'a quality control' };
const SPIKE = {
  kind: 'batch',
  types: ['qc', 'unknown'],
  meaning: 'a matrix spike: a sample with a known amount added',
};
const BLANK = {
  kind: 'batch',
  types: ['blank', 'zero'],
  meaning: 'a blank, with or without the internal standard',
};
const DOUBLE_BLANK = {
  kind: 'batch',
  types: ['blank'],
  meaning: 'a double blank: neither analyte nor internal standard',
};
const ZERO = {
  kind: 'batch',
  types: ['zero'],
  meaning: 'a zero sample: blank + internal standard',
};
// Labs leave QCs and blanks as "Sample" (the real MassHunter batch types its 17 QCs so): it says
// nothing the list could contradict.
const SAMPLE = { kind: 'batch', types: ANY, meaning: 'a sample (unknown)' };
const INSTRUMENT_CHECK = {
  kind: 'not-in-batch',
  meaning: 'an instrument check (system suitability, tune or response check)',
};

/**
 * Every spelling, as a key (lower case, letters only): MassHunter Quant's Type (Sample, Cal, QC,
 * CC, Blank, DoubleBlank, MatrixBlank, Matrix, MatrixDup, TuneCheck, ResponseCheck), Skyline's
 * and MultiQuant/Analyst/SCIEX OS's Sample Type (Unknown, Standard, Quality Control, Blank,
 * Double Blank, Solvent), TargetLynx's Type (Analyte, Standard, QC, Blank), OpenLab's (Cal. Std.,
 * QC Check, Double blank, Spike, Sys Suit) and the long CSV's own five.
 */
const SPELLINGS: Record<string, SampleTypeClass> = {
  calibrator: CALIBRATOR,
  cal: CALIBRATOR,
  calibration: CALIBRATOR,
  calibrationstandard: CALIBRATOR,
  calstd: CALIBRATOR,
  standard: CALIBRATOR,
  std: CALIBRATOR,
  cc: CAL_OR_QC,
  qc: QC,
  qualitycontrol: QC,
  qccheck: QC,
  ccv: QC,
  matrix: SPIKE,
  matrixdup: SPIKE,
  matrixspike: SPIKE,
  matrixspikeduplicate: SPIKE,
  spike: SPIKE,
  blank: BLANK,
  matrixblank: BLANK,
  solvent: BLANK,
  solventblank: BLANK,
  processblank: BLANK,
  reagentblank: BLANK,
  methodblank: BLANK,
  doubleblank: DOUBLE_BLANK,
  zero: ZERO,
  zerosample: ZERO,
  blankis: ZERO,
  unknown: SAMPLE,
  sample: SAMPLE,
  analyte: SAMPLE,
  tunecheck: INSTRUMENT_CHECK,
  responsecheck: INSTRUMENT_CHECK,
  syssuit: INSTRUMENT_CHECK,
  sst: INSTRUMENT_CHECK,
  systemsuitability: INSTRUMENT_CHECK,
  suitability: INSTRUMENT_CHECK,
  systemcheck: INSTRUMENT_CHECK,
} as Record<string, SampleTypeClass>;

/**
 * What a file's sample type says (`Standard` and `Cal` → calibrator; `Double Blank` → blank;
 * `Matrix Blank`, `Solvent` → blank or zero; `TuneCheck` → not in the batch…), or null when the
 * text is none of them (or absent): then the injection list's type stands unchecked.
 */
export function classifySampleType(text: string | null): SampleTypeClass | null {
  if (text === null) return null;
  return SPELLINGS[text.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}
