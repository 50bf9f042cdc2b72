// What each quantitation program's sample type says about an injection (README, LC-MS/MS import).
import { classifySampleType, type InjectionType } from './sample-type';

function types(text: string): readonly InjectionType[] | 'not-in-batch' | null {
  const c = classifySampleType(text);
  return c === null ? null : c.kind === 'not-in-batch' ? c.kind : c.types;
}

describe('classifySampleType', () => {
  it.each([
    // MassHunter Quant's Type column
    ['Cal', ['calibrator']],
    ['QC', ['qc']],
    ['CC', ['calibrator', 'qc']],
    ['Blank', ['blank', 'zero']],
    ['DoubleBlank', ['blank']],
    ['MatrixBlank', ['blank', 'zero']],
    ['Matrix', ['qc', 'unknown']],
    ['MatrixDup', ['qc', 'unknown']],
    ['Sample', ['calibrator', 'qc', 'blank', 'zero', 'unknown']],
    // Skyline, MultiQuant, Analyst, SCIEX OS
    ['Standard', ['calibrator']],
    ['standard', ['calibrator']],
    ['Quality Control', ['qc']],
    ['Double Blank', ['blank']],
    ['Solvent', ['blank', 'zero']],
    ['Unknown', ['calibrator', 'qc', 'blank', 'zero', 'unknown']],
    // TargetLynx; OpenLab
    ['Analyte', ['calibrator', 'qc', 'blank', 'zero', 'unknown']],
    ['Cal. Std.', ['calibrator']],
    ['QC Check', ['qc']],
    ['Spike', ['qc', 'unknown']],
    // the long CSV's own
    ['calibrator', ['calibrator']],
    ['zero', ['zero']],
    ['Blank+IS', ['zero']],
  ])('%s is an injection of the batch the list may type %j', (text, expected) => {
    expect(types(text)).toEqual(expected);
  });

  it.each(['TuneCheck', 'ResponseCheck', 'Sys Suit', 'SST', 'System Suitability', 'Suitability'])(
    '%s is an instrument check, no part of the batch',
    (text) => {
      expect(types(text)).toBe('not-in-batch');
      expect(classifySampleType(text)).toMatchObject({ meaning: expect.stringContaining('check') });
    },
  );

  it('an absent or unknown sample type says nothing (the injection list decides)', () => {
    expect(classifySampleType(null)).toBeNull();
    expect(classifySampleType('Bracket Start')).toBeNull();
    expect(classifySampleType('')).toBeNull();
  });
});
