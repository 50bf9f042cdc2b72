import { normalizeConcentration, normalizeLayoutWells } from './layout-wells';

describe('normalizeConcentration', () => {
  it('keeps the value as entered, spells the unit canonically and adds mol/L', () => {
    expect(normalizeConcentration(250, 'nM')).toEqual({ value: 250, unit: 'nM', molar: 2.5e-7 });
    expect(normalizeConcentration(25, 'uM')).toEqual({ value: 25, unit: 'µM', molar: 2.5e-5 });
    expect(normalizeConcentration(1, 'umol/L')?.unit).toBe('µM');
    expect(normalizeConcentration(2, 'ug/mL')).toEqual({ value: 2, unit: 'µg/mL', molar: null });
    expect(normalizeConcentration(1, 'ng/dL')).toBeNull();
  });
});

describe('normalizeLayoutWells', () => {
  it('normalizes names, sorts row-major and fills nulls', () => {
    const r = normalizeLayoutWells(
      [
        { well: 'b01', role: 'vehicle' },
        {
          well: 'A12',
          role: 'treated',
          materialId: 'm',
          concentrationValue: 3,
          concentrationUnit: 'µM',
        },
      ],
      96,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.wells.map((w) => [w.well, w.row, w.column])).toEqual([
      ['A12', 0, 11],
      ['B1', 1, 0],
    ]);
    expect(r.wells[0]).toMatchObject({ concentrationUnit: 'µM', replicateGroup: null });
    expect(r.wells[0].concentrationMolar).toBeCloseTo(3e-6, 18);
  });

  it('locates every problem by field, line and well', () => {
    const r = normalizeLayoutWells(
      [
        { well: 'Z', role: 'blank', line: 2 },
        { well: 'P24', role: 'blank', line: 3 },
        {
          well: 'A1',
          role: 'treated',
          materialId: 'm',
          concentrationValue: 0,
          concentrationUnit: 'nM',
          line: 4,
        },
        { well: 'a1', role: 'blank', line: 5 },
        { well: 'A2', role: 'inhibitor-only', inhibitorConcentrationValue: 25, line: 6 },
      ],
      96,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.field, p.line, p.well])).toEqual([
      ['INVALID_WELL', 'wells[0].well', 2, 'Z'],
      ['WELL_OUTSIDE_PLATE', 'wells[1].well', 3, 'P24'],
      ['MISSING_CONCENTRATION', 'wells[2].concentrationValue', 4, 'A1'],
      ['DUPLICATE_WELL', 'wells[3].well', 5, 'A1'],
      ['MISSING_INHIBITOR', 'wells[4].inhibitorName', 6, 'A2'],
      ['INVALID_UNIT', 'wells[4].inhibitorConcentrationUnit', 6, 'A2'],
    ]);
  });

  it('accepts P24 on a 384-well plate', () => {
    expect(normalizeLayoutWells([{ well: 'P24', role: 'empty' }], 384).ok).toBe(true);
  });
});
