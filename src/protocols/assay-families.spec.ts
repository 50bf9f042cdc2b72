import { AssayFamilies, AssayWiringError, FAMILIES_WITHOUT_ANALYSIS_YET } from './assay-families';

const files = (...keys: string[]) => new Map(keys.map((k) => [k, `${k}.v1.yaml`]));

describe('AssayFamilies', () => {
  it('accepts families that are registered or listed as not analysed yet', () => {
    const r = new AssayFamilies();
    r.register('viability', ['mtt-viability']);
    const pending = Object.keys(FAMILIES_WITHOUT_ANALYSIS_YET);
    expect(() => r.assertEveryFamilyAnalysed(files('mtt-viability', ...pending))).not.toThrow();
    expect(r.analysedBy('mtt-viability')).toBe('viability');
  });

  it('names every family nothing analyses, with its file', () => {
    const r = new AssayFamilies();
    expect(() => r.assertEveryFamilyAnalysed(files('mtt-viability'))).toThrow(
      /protocol family "mtt-viability" \(mtt-viability\.v1\.yaml\)\. Register/,
    );
    expect(() => r.assertEveryFamilyAnalysed(files('a', 'b'))).toThrow(
      /"a" \(a\.v1\.yaml\), "b" \(b\.v1\.yaml\)/,
    );
  });

  it('refuses a family registered twice, or registered while listed as not yet', () => {
    const r = new AssayFamilies();
    r.register('viability', ['mtt-viability']);
    expect(() => r.register('other', ['mtt-viability'])).toThrow(AssayWiringError);
    // The list is empty once every family has its module: a pending family for this case.
    const pending = FAMILIES_WITHOUT_ANALYSIS_YET as Record<string, string>;
    pending['pending-family'] = 'a module not written yet';
    try {
      expect(() => r.register('pending', ['pending-family'])).toThrow(
        /delete its line from FAMILIES_WITHOUT_ANALYSIS_YET/,
      );
    } finally {
      delete pending['pending-family'];
    }
  });
});
