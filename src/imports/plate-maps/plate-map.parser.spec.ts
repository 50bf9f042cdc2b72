import { describeWithFixtures, readFixtureText } from '../../../test/support/shared-fixtures';
import { parseConcentrationUnit, toMicromolar } from '../../common/units/concentration-units';
import type { PlateMapParseResult } from './plate-map';
import { parsePlateMap } from './plate-map.parser';

function layoutOf(result: PlateMapParseResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.layout;
}

function problemsOf(result: PlateMapParseResult) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ code, line, well, field }) => ({
    code,
    ...(line === undefined ? {} : { line }),
    ...(well === undefined ? {} : { well }),
    ...(field === undefined ? {} : { field }),
  }));
}

describe('parseConcentrationUnit', () => {
  it.each([
    ['uM', 'uM'],
    ['µM', 'uM'],
    ['μM', 'uM'],
    ['um', 'uM'],
    ['mM', 'mM'],
    ['nM', 'nM'],
    ['M', 'M'],
    ['umol/L', 'uM'],
    ['ug_per_mL', 'ug/mL'],
    ['mg / ml', 'mg/mL'],
  ])('reads %p as %p', (text, unit) => {
    expect(parseConcentrationUnit(text)).toBe(unit);
  });

  it.each(['m', 'uL', 'percent', '', 'mM2'])('rejects %p', (text) => {
    expect(parseConcentrationUnit(text)).toBeNull();
  });

  it('converts molar units to micromolar', () => {
    expect(toMicromolar(25, 'uM')).toBe(25);
    expect(toMicromolar(500, 'nM')).toBeCloseTo(0.5, 12);
    expect(toMicromolar(2, 'mM')).toBe(2000);
    expect(toMicromolar(1, 'mg/mL')).toBeUndefined();
  });
});

describe('parsePlateMap', () => {
  it('reads roles, materials, concentrations, replicate groups and extra columns', () => {
    const csv = [
      'Well,Role,Material,Concentration,Unit,Replicate_Group,Drug',
      'A1,Blank,,,,,',
      'A2,vehicle,parental,0,nM,veh-P,6-TG',
      'A3,treated,parental,500,nM,P-500,6-TG',
      'A4,Inhibitor_Only,resistant,0,uM,,',
      'B1,excluded,,,,,',
    ].join('\n');
    const layout = layoutOf(parsePlateMap(csv));
    expect(layout.plateSize).toBe(96);
    expect(layout.wells.map((w) => [w.well, w.role])).toEqual([
      ['A1', 'blank'],
      ['A2', 'vehicle'],
      ['A3', 'treated'],
      ['A4', 'inhibitor-only'],
      ['B1', 'excluded'],
    ]);
    const a3 = layout.wells[2];
    expect(a3).toMatchObject({
      material: 'parental',
      concentration: { value: 500, unit: 'nM', raw: '500' },
      replicateGroup: 'P-500',
      extra: { Drug: '6-TG' },
      line: 4,
    });
    expect(a3.concentrationMicromolar).toBeCloseTo(0.5, 12);
    expect(layout.wells[0].concentration).toBeUndefined();
  });

  it('refuses a stray quote that would swallow the lines after it, naming its line', () => {
    const csv = [
      'well,role,material,concentration_uM,replicate',
      'A1,treated,parental,1,"p-1',
      'A2,treated,parental,2,p-2',
      'A3,treated,parental,4,p-4',
    ].join('\n');
    const r = parsePlateMap(csv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ code: 'UNCLOSED_QUOTE', line: 2 })]);
    // A quoted field that closes on its line is fine.
    expect(parsePlateMap(csv.replace('"p-1', '"p-1"')).ok).toBe(true);
  });

  it('refuses a replicate group or inhibitor longer than its column, by line and well', () => {
    const long = 'x'.repeat(65);
    const r = parsePlateMap(
      [
        'well,role,material,concentration_uM,replicate,inhibitor',
        `A1,treated,parental,1,${long},MK571`,
        `A2,treated,parental,1,p,${'y'.repeat(101)}`,
        `A3,treated,parental,1,${'z'.repeat(64)},MK571`,
      ].join('\n'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.line, p.well])).toEqual([
      ['VALUE_TOO_LONG', 2, 'A1'],
      ['VALUE_TOO_LONG', 3, 'A2'],
    ]);
  });

  it('reads an inhibitor given as text or as its own concentration column', () => {
    const text = parsePlateMap(
      'well,role,line,concentration_uM,inhibitor\nE5,treated,resistant,100,MK571 25 uM\n',
    );
    expect(layoutOf(text).wells[0].inhibitor).toEqual({
      name: 'MK571',
      raw: 'MK571 25 uM',
      concentration: { value: 25, unit: 'uM', raw: '25 uM' },
      concentrationMicromolar: 25,
    });
    const column = parsePlateMap(
      'well,role,line,concentration_uM,inhibitor,inhibitor_concentration_nM\nE5,treated,R,100,Ko143,200\n',
    );
    expect(layoutOf(column).wells[0].inhibitor).toMatchObject({
      name: 'Ko143',
      concentration: { value: 200, unit: 'nM' },
      concentrationMicromolar: 0.2,
    });
  });

  it('infers a 384-well layout and honours an expected size', () => {
    const csv = 'well,role\nA1,blank\nP24,empty\n';
    expect(layoutOf(parsePlateMap(csv)).plateSize).toBe(384);
    expect(problemsOf(parsePlateMap(csv, { plateSize: 96 }))).toEqual([
      { code: 'WELL_OUTSIDE_PLATE', line: 3, well: 'P24' },
    ]);
  });

  it('lists every problem by line and well', () => {
    const csv = [
      'well,role,line,concentration_uM,replicate_group', // 1
      'A1,blank,,0,', // 2 ok
      'A2,vehicel,parental,0,', // 3 unknown role
      'A13,treated,parental,10,', // 4 outside the plate
      'Z,treated,parental,10,', // 5 not a well
      'A2,vehicle,parental,0,', // 6 duplicate
      'A3,treated,parental,,', // 7 no concentration
      'A4,treated,parental,0,', // 8 zero concentration
      'A5,treated,parental,ten,', // 9 not a number
      'A6,treated,,10,', // 10 no material
      'A7,treated,parental,-5,', // 11 negative
      'A8,,parental,0,', // 12 no role
    ].join('\n');
    expect(problemsOf(parsePlateMap(csv, { plateSize: 96 }))).toEqual([
      { code: 'UNKNOWN_ROLE', line: 3, well: 'A2', field: 'role' },
      { code: 'WELL_OUTSIDE_PLATE', line: 4, well: 'A13' },
      { code: 'INVALID_WELL', line: 5, well: 'Z', field: 'well' },
      { code: 'DUPLICATE_WELL', line: 6, well: 'A2' },
      { code: 'MISSING_CONCENTRATION', line: 7, well: 'A3', field: 'concentration_uM' },
      { code: 'MISSING_CONCENTRATION', line: 8, well: 'A4', field: 'concentration_uM' },
      { code: 'INVALID_CONCENTRATION', line: 9, well: 'A5', field: 'concentration_uM' },
      { code: 'MISSING_MATERIAL', line: 10, well: 'A6', field: 'line' },
      { code: 'INVALID_CONCENTRATION', line: 11, well: 'A7', field: 'concentration_uM' },
      { code: 'UNKNOWN_ROLE', line: 12, well: 'A8', field: 'role' },
    ]);
  });

  it('rejects unknown units in the header, in a unit column, or no unit at all', () => {
    expect(problemsOf(parsePlateMap('well,role,concentration_uL\nA1,treated,5\n'))).toEqual([
      { code: 'INVALID_UNIT', line: 1, field: 'concentration_uL' },
    ]);
    expect(
      problemsOf(
        parsePlateMap('well,role,concentration,unit\nA1,treated,5,parts\nA2,treated,5,uM\n'),
      ),
    ).toEqual([{ code: 'INVALID_UNIT', line: 2, well: 'A1', field: 'unit' }]);
    expect(
      problemsOf(parsePlateMap('well,role,concentration\nA1,vehicle,0\nA2,treated,5\n')),
    ).toEqual([{ code: 'INVALID_UNIT', line: 3, well: 'A2', field: 'concentration' }]);
  });

  it('needs well and role columns, and content', () => {
    expect(problemsOf(parsePlateMap('position,material\nA1,x\n'))).toEqual([
      { code: 'MISSING_COLUMN', line: 1, field: 'role' },
    ]);
    expect(problemsOf(parsePlateMap('sample,material\nA1,x\n'))).toEqual([
      { code: 'MISSING_COLUMN', line: 1, field: 'well' },
      { code: 'MISSING_COLUMN', line: 1, field: 'role' },
    ]);
    expect(problemsOf(parsePlateMap('\n \n'))).toEqual([{ code: 'EMPTY_FILE' }]);
    expect(problemsOf(parsePlateMap('well,role\n'))).toEqual([{ code: 'NO_DATA' }]);
  });

  it('reads semicolon maps with decimal commas', () => {
    const layout = layoutOf(
      parsePlateMap('well;role;line;concentration_uM\nA1;treated;P;1,5625\n'),
    );
    expect(layout.wells[0].concentrationMicromolar).toBe(1.5625);
  });
});

describeWithFixtures('shared plate maps (../shared/fixtures)', () => {
  it('reads the MTT parental-vs-resistant map', () => {
    const layout = layoutOf(
      parsePlateMap(readFixtureText('mtt', 'parental-vs-resistant', 'plate_map.csv')),
    );
    expect(layout.plateSize).toBe(96);
    expect(layout.wells).toHaveLength(96);
    const treated = layout.wells.filter((w) => w.role === 'treated');
    expect(new Set(treated.map((w) => w.material))).toEqual(new Set(['parental', 'resistant']));
    expect(Math.max(...treated.map((w) => w.concentrationMicromolar!))).toBe(200);
    expect(Math.min(...treated.map((w) => w.concentrationMicromolar!))).toBe(0.78125);
  });

  it.each(['plate1_resistant_plate_map.csv', 'plate2_parental_plate_map.csv'])(
    'reads the MK571 efflux map %s',
    (file) => {
      const layout = layoutOf(parsePlateMap(readFixtureText('efflux', 'mk571-reversal', file)));
      expect(layout.wells).toHaveLength(96);
      const roles = new Set(layout.wells.map((w) => w.role));
      expect(roles).toEqual(
        new Set(['blank', 'vehicle', 'treated', 'positive', 'inhibitor-only', 'empty']),
      );
      const withInhibitor = layout.wells.filter((w) => w.inhibitor);
      expect(withInhibitor.length).toBeGreaterThan(0);
      for (const w of withInhibitor) {
        expect(w.inhibitor).toMatchObject({ name: 'MK571', concentrationMicromolar: 25 });
      }
      expect(
        layout.wells.filter((w) => w.role === 'inhibitor-only').every((w) => w.inhibitor),
      ).toBe(true);
    },
  );
});
