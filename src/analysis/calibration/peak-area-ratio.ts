// LC-MS/MS response: analyte peak area over internal-standard peak area.
import { AnalysisError, assertFinite } from '../common/analysis-error';

/**
 * Response = peak area(analyte) / peak area(internal standard) (dimensionless).
 * Reference: ICH M10 (2022) §2.2 / §3.2 (internal-standard normalised response).
 * @throws AnalysisError for non-finite areas, a negative analyte area or an IS area ≤ 0.
 */
export function peakAreaRatio(analyteArea: number, internalStandardArea: number): number {
  assertFinite(analyteArea, 'analyteArea');
  assertFinite(internalStandardArea, 'internalStandardArea');
  if (analyteArea < 0) {
    throw new AnalysisError('NEGATIVE_AREA', 'analyte peak area must be ≥ 0', 'analyteArea');
  }
  if (!(internalStandardArea > 0)) {
    throw new AnalysisError(
      'NOT_POSITIVE',
      'internal standard peak area must be > 0',
      'internalStandardArea',
    );
  }
  const ratio = analyteArea / internalStandardArea;
  if (!Number.isFinite(ratio)) {
    throw new AnalysisError('NUMERIC_OVERFLOW', 'the area ratio overflows', 'internalStandardArea');
  }
  return ratio;
}
