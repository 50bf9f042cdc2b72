import { checkParentKind, isFreezable, MATERIAL_KIND_NAMES, PARENT_RULES } from './material-kinds';

describe('material kinds: which kind may descend from which', () => {
  it.each([
    ['cell-line', null],
    ['cell-line', 'cell-line'],
    ['cell-line', 'cryo-stock'],
    ['cryo-stock', 'cell-line'],
    ['donor', null],
    ['fecal-sample', 'donor'],
    ['fecal-aliquot', 'fecal-sample'],
    ['bacterial-culture', 'fecal-sample'],
    ['bacterial-culture', 'fecal-aliquot'],
    ['bacterial-culture', 'bacterial-culture'],
  ] as const)('allows a %s with parent %s', (child, parent) => {
    expect(checkParentKind(child, parent)).toBeNull();
  });

  it.each([
    ['fecal-aliquot', 'cell-line', 'PARENT_KIND_NOT_ALLOWED'],
    ['cryo-stock', 'cryo-stock', 'PARENT_KIND_NOT_ALLOWED'],
    ['cryo-stock', 'donor', 'PARENT_KIND_NOT_ALLOWED'],
    ['fecal-sample', 'cell-line', 'PARENT_KIND_NOT_ALLOWED'],
    ['cell-line', 'donor', 'PARENT_KIND_NOT_ALLOWED'],
    ['donor', 'donor', 'PARENT_NOT_ALLOWED'],
    ['cryo-stock', null, 'PARENT_REQUIRED'],
    ['fecal-sample', null, 'PARENT_REQUIRED'],
    ['fecal-aliquot', null, 'PARENT_REQUIRED'],
    ['bacterial-culture', null, 'PARENT_REQUIRED'],
  ] as const)('refuses a %s with parent %s (%s)', (child, parent, code) => {
    expect(checkParentKind(child, parent)?.code).toBe(code);
  });

  it('names the allowed kinds and the actual one in the message', () => {
    expect(checkParentKind('fecal-aliquot', 'cell-line')?.message).toBe(
      'the parent of a fecal-aliquot must be a fecal-sample (the sample aliquoted), not a cell-line',
    );
  });

  it('has a rule for every tracked kind, and no reagents', () => {
    expect(Object.keys(PARENT_RULES).sort()).toEqual([...MATERIAL_KIND_NAMES].sort());
    expect(MATERIAL_KIND_NAMES).not.toContain('reagent');
  });

  it('counts freeze–thaw cycles for stocks, samples and aliquots only', () => {
    expect(MATERIAL_KIND_NAMES.filter(isFreezable)).toEqual([
      'cryo-stock',
      'fecal-sample',
      'fecal-aliquot',
    ]);
  });
});
