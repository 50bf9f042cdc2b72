import {
  assayRead,
  assayWavelengths,
  layoutReadSettings,
  requiredWavelengthsNm,
} from './required-wavelengths';

const layout = (ref: number | null) => ({
  measurementWavelengthNm: 570,
  referenceWavelengthNm: ref,
});

describe('assayWavelengths', () => {
  it('takes the layout’s wavelengths when no run parameters name them', () => {
    expect(assayWavelengths(layout(null))).toEqual({ measurementNm: 570, referenceNm: null });
    expect(requiredWavelengthsNm(assayWavelengths(layout(650)))).toEqual([570, 650]);
  });

  it('lets the run’s protocol parameters decide when they name them', () => {
    const mtt = {
      measurementWavelengthNm: { value: 560 },
      subtractReferenceWavelength: { value: true },
      referenceWavelengthNm: { value: 630 },
    };
    expect(assayWavelengths(layout(650), mtt)).toEqual({ measurementNm: 560, referenceNm: 630 });
    expect(
      assayWavelengths(layout(650), { ...mtt, subtractReferenceWavelength: { value: false } }),
    ).toEqual({ measurementNm: 560, referenceNm: null });
    // The efflux protocol names only the reference.
    expect(assayWavelengths(layout(null), { referenceWavelengthNm: { value: 650 } })).toEqual({
      measurementNm: 570,
      referenceNm: 650,
    });
  });
});

describe('assayRead: the run’s protocol, else the layout, names the read', () => {
  const base = { measurementWavelengthNm: 570, referenceWavelengthNm: null };

  it('a layout names a fluorescence channel (with its gain) or luminescence', () => {
    const fluorescence = {
      ...base,
      readMode: 'fluorescence' as const,
      excitationWavelengthNm: 560,
      emissionWavelengthNm: 590,
      readGain: '100',
    };
    expect(assayRead(fluorescence)).toEqual({
      mode: 'fluorescence',
      measurementNm: 570,
      referenceNm: null,
      excitationNm: 560,
      emissionNm: 590,
      gain: '100',
      channelFrom: 'layout',
      referenceFrom: 'layout',
    });
    expect(assayRead({ ...base, readMode: 'luminescence' })).toMatchObject({
      mode: 'luminescence',
      excitationNm: null,
      emissionNm: null,
      gain: null,
      channelFrom: 'layout',
    });
    // A layout stored before layouts named a read mode reads absorbance.
    expect(assayRead({ ...base, referenceWavelengthNm: 650 })).toMatchObject({
      mode: 'absorbance',
      referenceNm: 650,
    });
  });

  it('a protocol that names the read mode and filters wins; the layout fills what it leaves', () => {
    const layout = {
      ...base,
      readMode: 'fluorescence' as const,
      excitationWavelengthNm: 485,
      emissionWavelengthNm: 528,
      readGain: '35',
    };
    const resazurin = {
      readMode: { value: 'fluorescence' },
      excitationWavelengthNm: { value: 560 },
      emissionWavelengthNm: { value: 590 },
    };
    expect(assayRead(layout, resazurin)).toMatchObject({
      mode: 'fluorescence',
      excitationNm: 560,
      emissionNm: 590,
      gain: '35',
      channelFrom: 'run',
    });
    // An ATP run reads luminescence whatever the layout says; the layout's filters do not apply.
    expect(assayRead(layout, { readMode: { value: 'luminescence' } })).toMatchObject({
      mode: 'luminescence',
      excitationNm: null,
      emissionNm: null,
      gain: null,
      channelFrom: 'run',
    });
    // An MTT run names no read mode: the layout's fluorescence channel is analysed.
    const mtt = {
      measurementWavelengthNm: { value: 570 },
      subtractReferenceWavelength: { value: true },
      referenceWavelengthNm: { value: 650 },
    };
    expect(assayRead(layout, mtt)).toMatchObject({
      mode: 'fluorescence',
      referenceNm: null,
      excitationNm: 485,
      emissionNm: 528,
      channelFrom: 'layout',
    });
    expect(assayRead(base, mtt)).toMatchObject({
      mode: 'absorbance',
      referenceNm: 650,
      referenceFrom: 'run',
    });
  });
});

describe('layoutReadSettings', () => {
  it('fills the defaults and accepts every wavelength from 230 nm', () => {
    expect(
      layoutReadSettings({ measurementWavelengthNm: 260, referenceWavelengthNm: 320 }),
    ).toEqual({
      ok: true,
      settings: {
        measurementWavelengthNm: 260,
        referenceWavelengthNm: 320,
        readMode: 'absorbance',
        excitationWavelengthNm: null,
        emissionWavelengthNm: null,
        readGain: null,
      },
    });
    expect(
      layoutReadSettings({
        readMode: 'fluorescence',
        excitationWavelengthNm: 560,
        emissionWavelengthNm: 590,
        readGain: ' 100 ',
      }),
    ).toMatchObject({ ok: true, settings: { readGain: '100' } });
  });

  it('names each setting that contradicts the read mode', () => {
    const fields = (input: Parameters<typeof layoutReadSettings>[0]) => {
      const r = layoutReadSettings(input);
      return r.ok ? [] : r.problems.map((p) => p.field);
    };
    expect(fields({ measurementWavelengthNm: 570, referenceWavelengthNm: 570 })).toEqual([
      'referenceWavelengthNm',
    ]);
    expect(fields({ readMode: 'luminescence', referenceWavelengthNm: 650 })).toEqual([
      'referenceWavelengthNm',
    ]);
    expect(fields({ excitationWavelengthNm: 560, readGain: '100' })).toEqual([
      'excitationWavelengthNm',
      'readGain',
    ]);
    expect(
      fields({ readMode: 'fluorescence', excitationWavelengthNm: 590, emissionWavelengthNm: 560 }),
    ).toEqual(['emissionWavelengthNm']);
  });
});
