// The real LC-MS/MS exports of ../shared/fixtures/real-exports/lcms, each imported with the
// areas the file holds: counts of injections, compounds and peaks, missing areas kept missing
// (N/A, blank: never 0), and values spot-checked against the file's text.
import { readFileSync } from 'node:fs';

import { describeWithFixtures, fixturePath } from '../../../test/support/shared-fixtures';
import { parseLcmsExport, type ParsedLcmsExport } from './index';

function parsed(name: string): ParsedLcmsExport {
  const r = parseLcmsExport(readFileSync(fixturePath('real-exports', 'lcms', name)));
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 5)));
  return r.export;
}

function peak(e: ParsedLcmsExport, injection: string, compound: string, dataFile?: string) {
  const p = e.peaks.find(
    (x) =>
      x.injection === injection &&
      x.compound === compound &&
      (dataFile === undefined || x.dataFile === dataFile),
  );
  if (!p) throw new Error(`no ${compound} in ${injection}`);
  return p;
}

describeWithFixtures('real LC-MS/MS exports (../shared/fixtures/real-exports/lcms)', () => {
  it('Agilent MassHunter wide table: 41 injections × 30 compounds, the 17 "QC" injections told apart by data file', () => {
    const e = parsed('agilent_masshunter__WideTableForm.csv');
    expect(e.format).toBe('masshunter');
    expect(e.injections).toHaveLength(41);
    expect(e.compounds).toHaveLength(30);
    expect(e.peaks).toHaveLength(1230);
    expect(e.injections.filter((i) => i.name === 'QC')).toHaveLength(17);
    // Four internal standards, marked (IS) in the group titles.
    expect(e.compounds.filter((c) => c.includes('(IS)'))).toEqual([
      'LPC 17:0 (IS)',
      'LPC 19:0 (IS)',
      'LPC 20:0 (IS)',
      'MHC d18:1/16:0d3 (IS)',
    ]);
    expect(peak(e, 'QC', 'LPC 20:5', '05_TQC.d').area).toEqual({ raw: '3612', value: 3612 });
    expect(peak(e, 'QC', 'LPC 20:5', '06_TQC_02.d').area.value).toBe(3181);
    expect(peak(e, 'QC', 'LPC 16:0', '05_TQC.d').area.value).toBe(1264430);
    expect(peak(e, 'Sample8', 'LPC 20:5').area.value).toBe(17515);
    expect(peak(e, 'QC', 'MHC d18:1/24:0', '48_PQC_17.d').area.raw).toBe(
      e.peaks[e.peaks.length - 1].area.raw,
    );
    expect(e.peaks.every((p) => p.area.value !== null)).toBe(true);
  });

  it('Sciex MultiQuant: 61 samples × 224 components; the 9621 N/A areas stay missing, never 0', () => {
    const e = parsed('sciex_multiquant__SciExTestData.txt');
    expect(e.format).toBe('multiquant');
    expect(e.injections).toHaveLength(61);
    expect(e.compounds).toHaveLength(224);
    expect(e.peaks).toHaveLength(13664);
    const missing = e.peaks.filter((p) => p.area.value === null);
    expect(missing).toHaveLength(9621);
    expect(missing.every((p) => p.area.raw === 'N/A' && p.area.missing === 'N/A')).toBe(true);
    expect(e.peaks.filter((p) => p.area.value === 0)).toHaveLength(0);
    const first = peak(e, 'Blank 01', '496.5 / 257.1');
    expect(first.area).toEqual({ raw: '4758.83137492473', value: 4758.83137492473 });
    expect(first.retentionTime?.value).toBe(9.57305645493725);
    expect(peak(e, 'Blank 01', '524.5 / 257.3').area.value).toBeNull();
  });

  it('Skyline custom report: 22 replicates, 3 molecules with light, heavyD5 and heavyC13 labels and fragments', () => {
    const e = parsed('skyline__SkyMat_3isotopes_test_neg.csv');
    expect(e.format).toBe('skyline');
    expect(e.injections).toHaveLength(22);
    expect(e.peaks).toHaveLength(277);
    expect(e.compounds).toEqual(
      expect.arrayContaining([
        'alanine',
        'alanine [heavyD5]',
        'alanine [heavyC13]',
        'alanine 148.0762',
        'DHPS',
        'glutamic acid',
      ]),
    );
    expect(e.compounds).toHaveLength(14);
    // The heavy labels are the internal standards: 3 molecules × 2 labels × 22 replicates.
    expect(e.peaks.filter((p) => p.internalStandard)).toHaveLength(132);
    const blank = peak(e, 'CMP_022723_Lumos_BC_MQblank_01', 'alanine');
    expect(blank.area).toEqual({ raw: '53836', value: 53836 });
    expect(blank.sampleType).toBe('Double Blank');
    const std = peak(e, 'CMP_exomtab_022723_Lumos_BC_SW_STD_5', 'alanine');
    expect(std.sampleType).toBe('Standard');
    expect(std.nominal).toEqual({ raw: '0.5', value: 0.5 });
  });

  it('Waters TargetLynx (Latin-1): 4 compounds × 4 injections; the blank CAT_MS areas stay missing', () => {
    const e = parsed('waters_targetlynx__070120_Saturation_CQA.txt');
    expect(e.format).toBe('targetlynx');
    expect(e.encoding).toBe('windows-1252');
    expect(e.compounds).toEqual(['CAT', 'CQA1', 'CAT_MS', 'CQA1_MS']);
    expect(e.injections.map((i) => i.name)).toEqual([
      '070120_CQA_22,18µgmL',
      '070120_CQA_250µgmL',
      '070120_CQA_500µgmL',
      '070120_CQA_1000µgmL',
    ]);
    expect(e.peaks).toHaveLength(16);
    expect(peak(e, '070120_CQA_1000µgmL', 'CQA1').area).toEqual({
      raw: '207796.375',
      value: 207796.375,
    });
    expect(peak(e, '070120_CQA_22,18µgmL', 'CAT').area).toEqual({ raw: '5.961', value: 5.961 });
    const missing = e.peaks.filter((p) => p.area.value === null);
    expect(missing.map((p) => [p.compound, p.injection])).toEqual([
      ['CAT_MS', '070120_CQA_22,18µgmL'],
      ['CAT_MS', '070120_CQA_500µgmL'],
    ]);
  });
});

describeWithFixtures('reference LC-MS/MS batches (../shared/fixtures/lcms)', () => {
  it.each(['calibration-accept', 'calibration-reject'])(
    '%s/batch_long.csv parses as the long layout',
    (name) => {
      const r = parseLcmsExport(readFileSync(fixturePath('lcms', name, 'batch_long.csv')));
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.export.format).toBe('long');
      expect(r.export.compounds).toEqual(['azathioprine']);
      const cal1 = r.export.peaks.find((p) => p.injection === 'CAL1')!;
      expect(cal1.nominal?.value).toBe(0.5);
      expect(cal1.isArea?.value).toBeGreaterThan(0);
    },
  );
});
