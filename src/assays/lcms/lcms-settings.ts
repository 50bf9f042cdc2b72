import {
  parseFractionText,
  type CalibrationWeighting,
  type IchM10Options,
} from '../../analysis/calibration';
import type { CarryoverOptions } from '../../analysis/calibration/carryover';
import type { Run } from '../../runs/run.entity';

export const LCMS_PROTOCOL_KEY = 'lcms-quantification';

export interface LcmsSettings {
  ich: Required<
    Pick<
      IchM10Options,
      | 'weighting'
      | 'tolerancePercent'
      | 'lloqTolerancePercent'
      | 'qcTolerancePercent'
      | 'qcLloqTolerancePercent'
      | 'minCalibratorPassFraction'
      | 'minCalibratorLevels'
      | 'minQcPassFraction'
      | 'minQcLevelPassFraction'
    >
  >;
  carryover: Required<CarryoverOptions>;
  analytes: string[];
  internalStandard: string;
  concentrationUnit: string;
}

function value<T>(run: Pick<Run, 'parameters'>, key: string, fallback: T): T {
  const p = run.parameters?.[key];
  return p === undefined || p.value === null || p.value === undefined ? fallback : (p.value as T);
}

const WEIGHTING: Record<string, CalibrationWeighting> = {
  '1/x2': '1/x^2',
  '1/x^2': '1/x^2',
  '1/x': '1/x',
  none: 'none',
};

/**
 * The ICH M10 and carry-over options of an lcms-quantification run, from its validated
 * parameters (protocol defaults when not entered). Calibrators and QCs have their own accuracy
 * limits (both ±15 %, ±20 % at the LLOQ, by default).
 */
export function lcmsSettingsOf(run: Pick<Run, 'parameters'>): LcmsSettings {
  return {
    ich: {
      weighting: WEIGHTING[value(run, 'calibrationWeighting', '1/x2')] ?? '1/x^2',
      tolerancePercent: value(run, 'calibratorAccuracyPercent', 15),
      lloqTolerancePercent: value(run, 'calibratorAccuracyAtLloqPercent', 20),
      qcTolerancePercent: value(run, 'qcAccuracyPercent', 15),
      qcLloqTolerancePercent: value(run, 'qcAccuracyAtLloqPercent', 20),
      minCalibratorPassFraction: value(run, 'calibratorsPassingMinPercent', 75) / 100,
      minCalibratorLevels: value(run, 'calibratorsPassingMinCount', 6),
      minQcPassFraction: parseFractionText(value(run, 'qcPassingMinFraction', '2/3')),
      minQcLevelPassFraction: value(run, 'qcPerLevelPassingMinPercent', 50) / 100,
    },
    carryover: {
      maxPercentOfLloq: value(run, 'carryoverMaxPercentOfLloq', 20),
      maxPercentOfIs: value(run, 'carryoverMaxPercentOfIs', 5),
    },
    analytes: value(run, 'analytes', ['azathioprine', '6-MP', '6-TG', '6-MMP', '6-TUA']),
    internalStandard: value(run, 'internalStandard', '6-MP-13C2,15N'),
    concentrationUnit: value(run, 'concentrationUnit', 'µM'),
  };
}
