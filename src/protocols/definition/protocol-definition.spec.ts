import {
  formatPath,
  listSettings,
  MATERIAL_KINDS,
  TRACKED_MATERIAL_KINDS,
} from './protocol-definition';

describe('protocol definition model helpers', () => {
  it('formats key paths', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['settings', 'stepFactor', 'default'])).toBe('settings.stepFactor.default');
    expect(formatPath(['steps', 2, 'materials', 0])).toBe('steps[2].materials[0]');
  });

  it('lists settings in file order', () => {
    const settings = {
      b: { type: 'boolean' as const, description: 'b' },
      a: { type: 'string' as const, description: 'a' },
    };
    expect(listSettings({ settings }).map(([k]) => k)).toEqual(['b', 'a']);
  });

  it('tracks every material kind except reagents', () => {
    expect(TRACKED_MATERIAL_KINDS).toEqual(MATERIAL_KINDS.filter((k) => k !== 'reagent'));
    expect(TRACKED_MATERIAL_KINDS).toContain('fecal-aliquot');
  });
});
