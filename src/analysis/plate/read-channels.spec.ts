import { chooseChannels, type AssayRead } from './read-channels';
import type { ReadChannel } from './plate-reading';

const abs = (nm: number | null, referenceNm?: number): ReadChannel => ({
  key: nm === null ? 'absorbance' : referenceNm ? `${nm}-${referenceNm}` : String(nm),
  mode: 'absorbance',
  wavelengthNm: nm,
  ...(referenceNm ? { referenceNm } : {}),
});
const fl = (ex: number, em: number): ReadChannel => ({
  key: `ex${ex}/em${em}`,
  mode: 'fluorescence',
  wavelengthNm: em,
  excitationNm: ex,
  emissionNm: em,
  gain: '35',
});
const lum: ReadChannel = { key: 'lum', mode: 'luminescence', wavelengthNm: null };
const mtt: AssayRead = { mode: 'absorbance', measurementNm: 570, referenceNm: 650 };

describe('chooseChannels: the read the protocol analyses', () => {
  it('absorbance: measurement and reference, or the reader-reduced difference', () => {
    expect(chooseChannels([abs(570), abs(650)], mtt)).toEqual({
      ok: true,
      choice: { measurement: '570', reference: '650', reduced: false },
    });
    expect(chooseChannels([abs(570, 650)], mtt)).toEqual({
      ok: true,
      choice: { measurement: '570-650', reference: null, reduced: true },
    });
    expect(chooseChannels([abs(570)], { ...mtt, referenceNm: null })).toMatchObject({
      ok: true,
      choice: { measurement: '570', reference: null },
    });
  });

  it('names the setting to change when the reference is not in the file', () => {
    const r = chooseChannels([abs(570)], mtt);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ code: 'MISSING_WAVELENGTH', wavelengthNm: 650 });
    expect(r.problems[0].message).toMatch(/subtractReferenceWavelength to false/);
  });

  it('refuses another read mode naming what the file holds', () => {
    const r = chooseChannels([fl(485, 528)], mtt);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toContain('fluorescence ex485/em528 (gain 35)');
  });

  it('fluorescence: the protocol’s filter pair, or the only one', () => {
    const read: AssayRead = { mode: 'fluorescence', measurementNm: 570, referenceNm: null };
    expect(chooseChannels([abs(600), fl(560, 590)], read)).toMatchObject({
      ok: true,
      choice: { measurement: 'ex560/em590' },
    });
    const two = [fl(360, 460), fl(485, 528)];
    const ambiguous = chooseChannels(two, read);
    expect(ambiguous).toMatchObject({ ok: false, problems: [{ code: 'AMBIGUOUS_CHANNEL' }] });
    expect(chooseChannels(two, { ...read, excitationNm: 485, emissionNm: 528 })).toMatchObject({
      ok: true,
      choice: { measurement: 'ex485/em528' },
    });
  });

  it('luminescence: the luminescence read', () => {
    const read: AssayRead = { mode: 'luminescence', measurementNm: 570, referenceNm: null };
    expect(chooseChannels([abs(562), lum], read)).toMatchObject({
      ok: true,
      choice: { measurement: 'lum' },
    });
    expect(chooseChannels([abs(562)], read)).toMatchObject({
      ok: false,
      problems: [{ code: 'MISSING_CHANNEL' }],
    });
  });
});
