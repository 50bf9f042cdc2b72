// Sample types as the quantitation programs spell them, mapped to the batch's injection types.

export const INJECTION_TYPES = ['calibrator', 'qc', 'blank', 'zero', 'unknown'] as const;
export type InjectionType = (typeof INJECTION_TYPES)[number];

const SPELLINGS: Record<string, InjectionType> = {
  calibrator: 'calibrator',
  cal: 'calibrator',
  standard: 'calibrator',
  std: 'calibrator',
  cc: 'calibrator',
  qc: 'qc',
  qualitycontrol: 'qc',
  blank: 'blank',
  doubleblank: 'blank',
  solvent: 'blank',
  solventblank: 'blank',
  matrixblank: 'blank',
  zero: 'zero',
  blankis: 'zero',
  unknown: 'unknown',
  sample: 'unknown',
  analyte: 'unknown',
};

/**
 * The injection type a file's sample type names (`Standard` and `Cal` → calibrator, `Quality
 * Control` → qc, `Double Blank` → blank, `Sample` and TargetLynx's `Analyte` → unknown), or null
 * when the text is none of them. The batch's injection list decides; this only checks it.
 */
export function classifySampleType(text: string | null): InjectionType | null {
  if (text === null) return null;
  return SPELLINGS[text.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}
