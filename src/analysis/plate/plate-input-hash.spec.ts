import fc from 'fast-check';
import { hashInput } from '../common/provenance';
import { normalizeMtt } from './normalize-mtt';
import { hashMttPlateInput, hashQcPlateInput } from './plate-input-hash';
import { plateQc, plateQcFromMtt } from './plate-qc';

const SEED = 20240731;

// Values of every kind canonicalJson distinguishes, including the awkward ones.
const member = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324, 0.1 + 0.2),
  fc.string(),
  fc.constantFrom('A1', 'treated', 'é"\\\n\u2028\ud800'),
  fc.boolean(),
  fc.bigInt(),
  fc.constant(new Date(0)),
  fc.constant(() => 1),
  fc.array(fc.double(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
);
const wellKey = fc.constantFrom(
  'absorbance',
  'concentration',
  'inhibitor',
  'line',
  'referenceAbsorbance',
  'role',
  'well',
  'signal',
);
const wellArb = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(wellKey, member) },
  // other members, including names that sort between the known ones
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('b', 'lin', 'zz', '__proto'), member) },
  { weight: 1, arbitrary: member },
);
const plateArb = fc.record(
  { format: member, wells: fc.array(wellArb, { maxLength: 12 }) },
  { requiredKeys: ['wells'] },
);

describe('hashMttPlateInput / hashQcPlateInput', () => {
  it('are byte-identical to hashInput for arbitrary plates', () => {
    fc.assert(
      fc.property(plateArb, (plate) => {
        const generic = hashInput(plate);
        expect(hashMttPlateInput(plate)).toBe(generic);
        expect(hashQcPlateInput(plate)).toBe(generic);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('are byte-identical for the odd cases: holes, class instances, hidden members, extra keys', () => {
    class Well {
      well = 'A1';
      role = 'blank';
      absorbance = 0.1;
    }
    const hidden = { well: 'A1', role: 'blank', absorbance: 0.1 };
    Object.defineProperty(hidden, 'line', { value: 'P', enumerable: false });
    const inherited = Object.create({ line: 'P' }) as Record<string, unknown>;
    Object.assign(inherited, { well: 'A1', role: 'blank', absorbance: 0.1 });
    const nullProto = Object.assign(Object.create(null) as object, { well: 'A1', role: 'blank' });
    const sparse: unknown[] = [{ well: 'A1' }];
    sparse[2] = { well: 'A3' };
    const odd: unknown[] = [
      { wells: sparse },
      { wells: [undefined, null, new Well(), hidden, inherited, nullProto] },
      { format: 96, wells: [], extra: 1 },
      { format: undefined, wells: [{ well: 'A1', absorbance: undefined }] },
      { wells: new Float64Array([1, 2]) },
      { format: 96 },
      Object.assign(Object.create({ format: 384 }) as object, { wells: [] }),
      null,
      [],
      'plate',
    ];
    for (const plate of odd) {
      expect(hashMttPlateInput(plate)).toBe(hashInput(plate));
      expect(hashQcPlateInput(plate)).toBe(hashInput(plate));
    }
  });

  it('normalizeMtt and plateQc keep inputHash = hashInput of their input', () => {
    const plate = {
      format: 96 as const,
      wells: [
        { well: 'A1', role: 'blank' as const, absorbance: 0.09, referenceAbsorbance: 0.04 },
        { well: 'B1', role: 'blank' as const, absorbance: 0.11, referenceAbsorbance: 0.04 },
        {
          well: 'A2',
          role: 'vehicle' as const,
          line: 'P',
          absorbance: 1.06,
          referenceAbsorbance: 0.04,
        },
        {
          well: 'A3',
          role: 'treated' as const,
          line: 'P',
          concentration: 10,
          inhibitor: null,
          absorbance: 0.56,
          referenceAbsorbance: 0.04,
        },
      ],
    };
    expect(normalizeMtt(plate).inputHash).toBe(hashInput(plate));
    const qc = plateQcFromMtt(plate);
    const qcPlate = {
      format: plate.format,
      wells: plate.wells.map((w) => ({
        well: w.well,
        role: w.role,
        signal: w.absorbance - w.referenceAbsorbance,
        line: (w as { line?: string }).line,
        concentration: (w as { concentration?: number }).concentration,
        inhibitor: (w as { inhibitor?: string | null }).inhibitor,
      })),
    };
    expect(qc.inputHash).toBe(hashInput(qcPlate));
    expect(plateQc(qcPlate).inputHash).toBe(hashInput(qcPlate));
  });

  it('are byte-identical when members repeat from well to well (the writer reuses their text)', () => {
    const shared = { nested: [1, 2] };
    const values: unknown[] = [0, -0, 0, NaN, NaN, Infinity, 'P', 'P', 'é"', 'é"', null, shared];
    const wells = values.flatMap((v, i) => [
      { well: 'A1', role: 'treated', line: v, concentration: v, inhibitor: v, absorbance: v },
      { well: `B${i}`, role: 'treated', line: v, concentration: v, signal: v },
      { well: `C${i}`, role: v, line: 'P', referenceAbsorbance: v },
    ]);
    shared.nested.push(3); // the same object again, changed: its text is not reused
    wells.push({
      well: 'D1',
      role: 'treated',
      line: shared,
      concentration: 1,
      inhibitor: null,
      absorbance: 1,
    });
    const plate = { format: 96, wells };
    expect(hashMttPlateInput(plate)).toBe(hashInput(plate));
    expect(hashQcPlateInput(plate)).toBe(hashInput(plate));
  });
});
