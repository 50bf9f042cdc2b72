import { parseMolarUnit, toMolar } from '../common/units/concentration';

/**
 * A drug concentration as a material stores it: the value and unit as entered (canonical
 * spelling, µM not uM) and the value in mol/L for comparison. Pure.
 */
export interface StoredDose {
  value: number;
  unit: string;
  valueMolar: number;
}

export interface DoseProblem {
  field: string;
  code: 'UNIT_NOT_MOLAR' | 'DOSE_NOT_A_NUMBER' | 'DOSE_NEGATIVE';
  message: string;
}

/** Builds a stored dose, or names the field and the rule it breaks (`<field>.unit`, …). */
export function toStoredDose(
  dose: { value: unknown; unit: unknown },
  field: string,
): { ok: true; dose: StoredDose } | { ok: false; problem: DoseProblem } {
  if (typeof dose.value !== 'number' || !Number.isFinite(dose.value)) {
    return {
      ok: false,
      problem: {
        field: `${field}.value`,
        code: 'DOSE_NOT_A_NUMBER',
        message: 'must be a finite number',
      },
    };
  }
  if (dose.value < 0) {
    return {
      ok: false,
      problem: { field: `${field}.value`, code: 'DOSE_NEGATIVE', message: 'cannot be negative' },
    };
  }
  const unit = typeof dose.unit === 'string' ? parseMolarUnit(dose.unit.trim()) : undefined;
  if (!unit) {
    return {
      ok: false,
      problem: {
        field: `${field}.unit`,
        code: 'UNIT_NOT_MOLAR',
        message: 'must be a molar concentration unit: pM, nM, µM (uM), mM or M',
      },
    };
  }
  return { ok: true, dose: { value: dose.value, unit, valueMolar: toMolar(dose.value, unit) } };
}

/** Same dose whatever the unit (250 nM = 0.25 µM), to a relative tolerance of 1e-9. */
export function sameDose(a: StoredDose | null | undefined, b: StoredDose | null | undefined) {
  if (!a || !b) return a == b;
  const scale = Math.max(Math.abs(a.valueMolar), Math.abs(b.valueMolar));
  return scale === 0 || Math.abs(a.valueMolar - b.valueMolar) <= 1e-9 * scale;
}
