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

describe('chooseChannels: a channel the layout names', () => {
  const flGain = (ex: number, em: number, gain: string): ReadChannel => ({
    ...fl(ex, em),
    key: `ex${ex}/em${em}|${gain}`,
    gain,
  });

  it('fluorescence: the gain picks one of two reads of the same filter pair', () => {
    const file = [flGain(560, 590, '50'), flGain(560, 590, '100')];
    const read: AssayRead = {
      mode: 'fluorescence',
      measurementNm: 570,
      referenceNm: null,
      excitationNm: 560,
      emissionNm: 590,
      channelFrom: 'layout',
    };
    const ambiguous = chooseChannels(file, read);
    expect(ambiguous).toMatchObject({ ok: false, problems: [{ code: 'AMBIGUOUS_CHANNEL' }] });
    if (!ambiguous.ok) {
      expect(ambiguous.problems[0].message).toContain("the plate's layout does not say which one");
      expect(ambiguous.problems[0].message).toContain("the plate layout's readMode");
      expect(ambiguous.problems[0].message).toContain('readGain');
    }
    expect(chooseChannels(file, { ...read, gain: '100' })).toMatchObject({
      ok: true,
      choice: { measurement: 'ex560/em590|100' },
    });
    // The gain is matched as the file writes it, whatever the case.
    const ext = [flGain(560, 590, 'Extended'), flGain(560, 590, '35')];
    expect(chooseChannels(ext, { ...read, gain: 'extended' })).toMatchObject({
      ok: true,
      choice: { measurement: 'ex560/em590|Extended' },
    });
  });

  it('an unknown channel names the channels the file holds and the layout setting to change', () => {
    const read: AssayRead = {
      mode: 'fluorescence',
      measurementNm: 570,
      referenceNm: null,
      excitationNm: 530,
      emissionNm: 590,
      channelFrom: 'layout',
    };
    const r = chooseChannels([fl(360, 460), fl(485, 528), abs(600)], read);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({
      code: 'MISSING_CHANNEL',
      field: 'excitationWavelengthNm',
    });
    expect(r.problems[0].message).toBe(
      'The assay reads fluorescence ex530/em590; the file holds fluorescence ex360/em460 (gain 35), ' +
        'fluorescence ex485/em528 (gain 35), 600 nm. Export the fluorescence read, or set the plate ' +
        "layout's readMode, excitationWavelengthNm, emissionWavelengthNm (and readGain when the file " +
        "holds several gains) to one of the file's reads.",
    );
    // The run's protocol named it: the run's settings are the ones to change.
    const byRun = chooseChannels([lum], { ...read, channelFrom: 'run' });
    if (byRun.ok) throw new Error('expected a refusal');
    expect(byRun.problems[0]).toMatchObject({ code: 'MISSING_CHANNEL', field: 'readMode' });
    expect(byRun.problems[0].message).toContain("set the run's readMode, excitationWavelengthNm");
    expect(byRun.problems[0].message).toContain('the file holds luminescence.');
  });

  it('the reference the layout subtracts: the layout setting to change', () => {
    const r = chooseChannels([abs(570)], { ...mtt, referenceFrom: 'layout' });
    if (r.ok) throw new Error('expected a refusal');
    expect(r.problems[0].message).toBe(
      "The plate's layout subtracts a reference read at 650 nm; the file holds 570 nm. Read the " +
        "plate at 650 nm too, or, if no reference is wanted, set the plate layout's " +
        'referenceWavelengthNm to null; if the reference was read at another wavelength, set the ' +
        "layout's referenceWavelengthNm to it.",
    );
    const run = chooseChannels([abs(570)], { ...mtt, referenceFrom: 'run' });
    if (run.ok) throw new Error('expected a refusal');
    expect(run.problems[0].message).toContain(
      'The protocol subtracts a reference read at 650 nm; the file holds 570 nm.',
    );
    expect(run.problems[0].message).toContain(
      'set the run parameter subtractReferenceWavelength to false;',
    );
    expect(run.problems[0].message).not.toContain('layout');
  });
});
