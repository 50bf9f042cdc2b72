import { assayWavelengths, requiredWavelengthsNm } from './required-wavelengths';

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
