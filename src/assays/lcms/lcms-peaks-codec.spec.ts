import { decodePeaks, encodePeaks, PEAKS_TRANSFORMER } from './lcms-peaks-codec';
import type { LcmsStoredPeak } from './lcms-import.entity';

const KEYS = [
  'injectionId',
  'analyte',
  'internalStandard',
  'fileCompound',
  'areaRaw',
  'area',
  'isAreaRaw',
  'isArea',
  'retentionTimeRaw',
  'line',
];

function peak(injectionId: string, analyte: string, line: number, o: Partial<LcmsStoredPeak> = {}) {
  return {
    injectionId,
    analyte,
    internalStandard: false,
    fileCompound: analyte,
    areaRaw: '1234.5',
    area: 1234.5,
    isAreaRaw: null,
    isArea: null,
    retentionTimeRaw: null,
    line,
    ...o,
  } satisfies LcmsStoredPeak;
}

/** A long-CSV batch as the import stores it: 96 injections × 5 analytes with IS areas. */
function batch(): LcmsStoredPeak[] {
  const out: LcmsStoredPeak[] = [];
  let line = 2;
  for (let i = 0; i < 96; i++) {
    const id = `0193a3c2-7e4b-7c1d-9f00-${String(i).padStart(12, '0')}`;
    for (const a of ['azathioprine', '6-MP', '6-TG', '6-MMP', '6-TUA'])
      out.push(
        peak(id, a, line++, {
          areaRaw: String(123456.789 * (i + 1)),
          area: 123456.789 * (i + 1),
          isAreaRaw: '1000000',
          isArea: 1e6,
        }),
      );
  }
  return out;
}

describe('LC-MS/MS peak areas stored as rows', () => {
  it('reads back every peak exactly as stored, members in the import’s order', () => {
    const peaks: LcmsStoredPeak[] = [
      peak('inj-1', 'azathioprine', 2, { fileCompound: 'AZA 1', areaRaw: '1,5E+04', area: 15000 }),
      peak('inj-1', 'IS-d3', 3, { internalStandard: true, fileCompound: 'AZA-d3 (IS)' }),
      peak('inj-2', 'azathioprine', 4, { areaRaw: 'N/A', area: null, retentionTimeRaw: '2.31' }),
      peak('inj-2', '6-MP', 5, { areaRaw: '0.000', area: 0, isAreaRaw: '', isArea: null }),
      peak('inj-3', '6-MP', 6, { areaRaw: '1e-300', area: 1e-300, retentionTimeRaw: '' }),
    ];
    const stored = JSON.parse(JSON.stringify(encodePeaks(peaks))) as unknown;
    const back = decodePeaks(stored);
    expect(back).toEqual(peaks);
    for (const p of back) expect(Object.keys(p)).toEqual(KEYS);
    // Written once each: three injections, four names (analytes, IS and file compounds).
    expect(stored).toMatchObject({
      v: 2,
      injections: ['inj-1', 'inj-2', 'inj-3'],
      names: ['azathioprine', 'AZA 1', 'IS-d3', 'AZA-d3 (IS)', '6-MP'],
    });
  });

  it('reads the objects imports stored before rows as they are', () => {
    const legacy = batch().slice(0, 7);
    expect(decodePeaks(JSON.parse(JSON.stringify(legacy)))).toEqual(legacy);
    expect(PEAKS_TRANSFORMER.from(JSON.parse(JSON.stringify(legacy)))).toEqual(legacy);
  });

  it('refuses a document that is neither', () => {
    expect(() => decodePeaks({ v: 3, rows: [] })).toThrow(/neither peak rows nor peaks/);
    expect(() => decodePeaks('[]')).toThrow(/neither/);
  });

  it('the column transformer writes rows and passes null through', () => {
    const peaks = batch();
    expect(PEAKS_TRANSFORMER.to(peaks)).toEqual(encodePeaks(peaks));
    expect(PEAKS_TRANSFORMER.to(null)).toBeNull();
    expect(PEAKS_TRANSFORMER.from(null)).toBeNull();
    expect(PEAKS_TRANSFORMER.from(PEAKS_TRANSFORMER.to(peaks))).toEqual(peaks);
  });

  it('a 96-injection batch of 5 analytes stores in under a third of the objects’ size', () => {
    const peaks = batch();
    const rows = JSON.stringify(encodePeaks(peaks)).length;
    const objects = JSON.stringify(peaks).length;
    expect(rows / objects).toBeLessThan(1 / 3);
  });
});
