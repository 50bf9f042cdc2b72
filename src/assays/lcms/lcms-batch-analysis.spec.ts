// One analyte of a batch, without a database: each unknown status and task, the rejected batch,
// and both carry-over rules, each with a case that triggers it and one that does not.
import {
  analyseAnalyte,
  type AreasForAnalysis,
  type InjectionForAnalysis,
} from './lcms-batch-analysis';
import { hashInput } from '../../analysis/common/provenance';
import { lcmsSettingsOf } from './lcms-settings';

const SETTINGS = lcmsSettingsOf({ parameters: {} });
const LEVELS = [1, 2, 5, 10, 50, 100, 250, 500];
const IS = 1e6;

interface Batch {
  injections: InjectionForAnalysis[];
  areas: Map<string, AreasForAnalysis>;
}

/**
 * A batch whose line is area/IS = 0.01·x: 8 calibrators, then a blank, 3 QC levels × 3, and the
 * unknowns (by their true concentration; null = no peak). `calBias` multiplies calibrator
 * responses; `blank` holds the blank's analyte and IS areas.
 */
function batch(
  unknowns: (number | null)[],
  options: {
    calBias?: (i: number) => number;
    blank?: { analyte: number | null; is: number | null };
    blankAfterTop?: boolean;
  } = {},
): Batch {
  const injections: InjectionForAnalysis[] = [];
  const areas = new Map<string, AreasForAnalysis>();
  const add = (
    name: string,
    type: InjectionForAnalysis['type'],
    a: AreasForAnalysis,
    extra: Partial<InjectionForAnalysis> = {},
  ) => {
    const id = `id-${name}`;
    injections.push({
      id,
      position: injections.length + 1,
      name,
      type,
      nominals: null,
      qcLevel: null,
      sampleId: null,
      dilutionFactor: 1,
      ...extra,
    });
    areas.set(id, a);
  };
  const blank = () =>
    add('BLANK', 'blank', {
      analyteArea: options.blank?.analyte ?? null,
      internalStandardArea: options.blank === undefined ? null : options.blank.is,
    });
  if (options.blankAfterTop === false) blank();
  LEVELS.forEach((x, i) =>
    add(
      `CAL${i + 1}`,
      'calibrator',
      { analyteArea: 0.01 * x * IS * (options.calBias?.(i) ?? 1), internalStandardArea: IS },
      { nominals: { aza: x } },
    ),
  );
  if (options.blankAfterTop !== false) blank();
  for (const [level, x] of [
    ['QC-L', 3],
    ['QC-M', 40],
    ['QC-H', 400],
  ] as const)
    for (let r = 1; r <= 3; r++)
      add(
        `${level}-${r}`,
        'qc',
        { analyteArea: 0.01 * x * IS, internalStandardArea: IS },
        { nominals: { aza: x }, qcLevel: level },
      );
  unknowns.forEach((c, i) =>
    add(
      `U${i + 1}`,
      'unknown',
      { analyteArea: c === null ? null : 0.01 * c * IS, internalStandardArea: IS },
      { sampleId: `S${i + 1}` },
    ),
  );
  return { injections, areas };
}

const run = (b: Batch) => analyseAnalyte('aza', b.injections, b.areas, SETTINGS, new Set(), 'µM');

describe('analyseAnalyte: unknowns', () => {
  it('accepted batch: a number only inside LLOQ–ULOQ; BLQ below, ALQ above with dilute-and-re-run', () => {
    const r = run(batch([0.5, 20, 800, null]));
    expect(r.accepted).toBe(true);
    expect(r.failedRules).toEqual([]);
    expect(
      r.unknowns.map((u) => [u.injection, u.status, u.concentration === null, u.task]),
    ).toEqual([
      ['U1', 'BLQ', true, null],
      ['U2', 'quantified', false, null],
      ['U3', 'ALQ', true, 'dilute-and-re-run'],
      ['U4', 'no-peak', true, null],
    ]);
    expect(r.unknowns[1].concentration).toBeCloseTo(20, 9);
    expect(r.flags).not.toContain('batch-rejected');
  });

  it('a rejected batch gives no concentration at all (not-reportable), and names its rules', () => {
    // Four of eight calibrators ±40 % off: 50 % pass, 4 levels.
    const bias = [1, 1.4, 0.6, 1.4, 0.6, 1, 1, 1];
    const r = run(batch([0.5, 20, 800], { calBias: (i) => bias[i] }));
    expect(r.accepted).toBe(false);
    expect(r.failedRules.map((f) => f.code)).toEqual([
      'CALIBRATOR_PASS_FRACTION',
      'CALIBRATOR_LEVELS',
    ]);
    expect(r.unknowns.map((u) => [u.status, u.concentration, u.task])).toEqual([
      ['not-reportable', null, null],
      ['not-reportable', null, null],
      ['not-reportable', null, null],
    ]);
    expect(r.flags).toContain('batch-rejected');
  });
});

describe('analyseAnalyte: carry-over in the blank after the top calibrator', () => {
  it('analyte: above 20 % of the LLOQ response fails (CARRYOVER_ANALYTE); at 19 % it passes', () => {
    const lloqArea = 0.01 * 1 * IS;
    const over = run(batch([20], { blank: { analyte: 0.21 * lloqArea, is: IS * 0.01 } }));
    expect(over.failedRules.map((f) => f.code)).toEqual(['CARRYOVER_ANALYTE']);
    expect(over.accepted).toBe(false);
    expect(over.unknowns[0].status).toBe('not-reportable');
    const under = run(batch([20], { blank: { analyte: 0.19 * lloqArea, is: IS * 0.01 } }));
    expect(under.failedRules).toEqual([]);
    expect(under.carryover).toMatchObject({ blank: 'BLANK', afterCalibrator: 'CAL8' });
    expect(under.carryover!.analytePercentOfLloq).toBeCloseTo(19, 9);
  });

  it('internal standard: above 5 % of its mean response fails (CARRYOVER_IS); at 4 % it passes', () => {
    const over = run(batch([20], { blank: { analyte: null, is: 0.06 * IS } }));
    expect(over.failedRules.map((f) => f.code)).toEqual(['CARRYOVER_IS']);
    expect(over.accepted).toBe(false);
    const under = run(batch([20], { blank: { analyte: null, is: 0.04 * IS } }));
    expect(under.failedRules).toEqual([]);
    expect(under.accepted).toBe(true);
  });

  it('finds the blank after the top calibrator by position, in whatever order the list comes', () => {
    const decision = (r: ReturnType<typeof run>) => ({
      carryover: r.carryover,
      failedRules: r.failedRules.map((f) => f.code),
      accepted: r.accepted,
      flags: r.flags,
    });
    for (const b of [
      batch([20], { blank: { analyte: 0.21 * 0.01 * IS, is: IS * 0.01 } }),
      batch([20], { blank: { analyte: null, is: 0.06 * IS } }),
      batch([20], { blank: { analyte: null, is: 0.04 * IS } }),
      batch([20], { blankAfterTop: false }),
    ]) {
      const inOrder = decision(run(b));
      // Reversed, and pairs swapped: positions unchanged, so the carry-over reads the same.
      const reversed = [...b.injections].reverse();
      const swapped = b.injections.map((_, k, a) => a[k % 2 === 0 ? k + 1 : k - 1] ?? a[k]);
      for (const injections of [reversed, swapped]) {
        expect(decision(run({ injections, areas: b.areas }))).toEqual(inOrder);
      }
    }
  });

  it('no blank right after the top calibrator: flagged no-carryover-blank, not a failure', () => {
    const r = run(batch([20], { blankAfterTop: false }));
    expect(r.flags).toContain('no-carryover-blank');
    expect(r.carryover).toBeNull();
    expect(r.accepted).toBe(true);
    expect(run(batch([20])).flags).not.toContain('no-carryover-blank');
  });
});

describe('analyseAnalyte: provenance (lcms-batch-calibration 1.1.0)', () => {
  const blank = { analyte: 100, is: 2000 };

  it('hashes the ICH M10 input, the peaks missing and the carry-over areas, once', () => {
    const b = batch([0.5, 20, null], { blank });
    const r = run(b);
    expect(r.method).toBe('lcms-batch-calibration');
    expect(r.methodVersion).toBe('1.1.0');
    const cal = b.injections.filter((i) => i.type === 'calibrator');
    const response = (id: string) => {
      const a = b.areas.get(id)!;
      return a.analyteArea === null ? null : a.analyteArea / (a.internalStandardArea as number);
    };
    expect(r.inputHash).toBe(
      hashInput({
        analyte: 'aza',
        concentrationUnit: 'µM',
        calibrators: cal.map((i) => ({
          sample: i.name,
          nominalConcentration: i.nominals!.aza,
          response: response(i.id),
        })),
        qcs: b.injections
          .filter((i) => i.type === 'qc')
          .map((i) => ({
            sample: i.name,
            level: i.qcLevel,
            nominalConcentration: i.nominals!.aza,
            response: response(i.id),
          })),
        withoutPeak: [],
        unknowns: b.injections
          .filter((i) => i.type === 'unknown')
          .map((i) => ({ id: i.id, response: response(i.id), dilutionFactor: 1 })),
        carryover: {
          blank: 'BLANK',
          afterCalibrator: 'CAL8',
          blankAnalyteArea: 100,
          blankInternalStandardArea: 2000,
          lloqAnalyteAreas: [0.01 * IS],
          internalStandardAreas: b.injections.filter((i) => i.type !== 'blank').map(() => IS),
        },
      }),
    );
    // The calibration it keeps carries no provenance of its own.
    expect(r.calibration).not.toHaveProperty('inputHash');
  });

  it('a change in the blank’s areas, a dilution factor or the unit changes the hash', () => {
    const base = run(batch([20], { blank })).inputHash;
    // Same responses, other blank areas: 1.0.0 did not see the carry-over areas.
    expect(run(batch([20], { blank: { analyte: 101, is: 2000 } })).inputHash).not.toBe(base);
    const diluted = batch([20], { blank });
    diluted.injections.find((i) => i.type === 'unknown')!.dilutionFactor = 10;
    expect(run(diluted).inputHash).not.toBe(base);
    const b = batch([20], { blank });
    expect(
      analyseAnalyte('aza', b.injections, b.areas, SETTINGS, new Set(), 'ng/mL').inputHash,
    ).not.toBe(base);
    expect(run(batch([20], { blank })).inputHash).toBe(base);
  });
});
