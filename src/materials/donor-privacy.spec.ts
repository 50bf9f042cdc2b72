import fc from 'fast-check';
import { checkDonorCode, checkDonorPrivacy } from './donor-privacy';

const codes = (payload: unknown) => checkDonorPrivacy(payload).map((p) => `${p.field} ${p.code}`);

const GOOD = {
  code: 'RA-D012',
  condition: 'Rheumatoid Arthritis',
  responderStatus: 'non-responder',
  samplingTimepoint: 'pre-azathioprine',
  sampledAt: '2024-03-01',
  consentReference: 'CONS-2024-017',
  tpmtGenotype: 'TPMT*1/*3A',
  nudt15Genotype: 'NUDT15*1/*1',
  tgnPmolPer8e8Rbc: 310,
  mmpPmolPer8e8Rbc: 4200,
  notes: 'Sampled before the first dose; stored at -80 °C within 2 h.',
};

describe('checkDonorPrivacy', () => {
  it('accepts a pseudonymous donor record', () => {
    expect(checkDonorPrivacy(GOOD)).toEqual([]);
  });

  it('refuses fields named like personal data, in any spelling', () => {
    expect(
      codes({
        ...GOOD,
        name: 'x',
        first_name: 'x',
        LastName: 'x',
        'e-mail': 'x',
        dob: 'x',
        birthDate: 'x',
        phoneNumber: 'x',
        contact: { Email: 'x' },
      }),
    ).toEqual([
      'name PERSONAL_DATA_FIELD',
      'first_name PERSONAL_DATA_FIELD',
      'LastName PERSONAL_DATA_FIELD',
      'e-mail PERSONAL_DATA_FIELD',
      'dob PERSONAL_DATA_FIELD',
      'birthDate PERSONAL_DATA_FIELD',
      'phoneNumber PERSONAL_DATA_FIELD',
      'contact.Email PERSONAL_DATA_FIELD',
    ]);
  });

  it('refuses e-mail addresses, birth dates, phone numbers and titled names in values', () => {
    expect(codes({ ...GOOD, notes: 'contact jane.doe@example.org' })).toEqual([
      'notes EMAIL_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: 'DOB 12/03/1961' })).toEqual([
      'notes DATE_OF_BIRTH_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: 'born in spring' })).toEqual([
      'notes DATE_OF_BIRTH_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: 'patient since 1961-03-12' })).toEqual([
      'notes DATE_OF_BIRTH_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: '12 March 1958' })).toEqual(['notes DATE_OF_BIRTH_NOT_ALLOWED']);
    expect(codes({ ...GOOD, notes: 'call +44 20 7946 0958' })).toEqual([
      'notes PHONE_NUMBER_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: 'call (555) 123-4567' })).toEqual([
      'notes PHONE_NUMBER_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: 'referred by Dr. Jones' })).toEqual([
      'notes PERSONAL_NAME_NOT_ALLOWED',
    ]);
    expect(codes({ ...GOOD, notes: 'LC-MS/MS: MS Method B, run 2024-05-02' })).toEqual([]);
    expect(codes({ ...GOOD, aliquots: [{ label: 'for Mrs Smith' }] })).toEqual([
      'aliquots.0.label PERSONAL_NAME_NOT_ALLOWED',
    ]);
  });

  it('accepts recent dates in date fields and free text', () => {
    expect(codes({ ...GOOD, notes: 'thawed 2024-05-02, re-frozen 03/05/2024' })).toEqual([]);
    expect(codes({ ...GOOD, collectedAt: '2023-11-20T08:30:00Z' })).toEqual([]);
  });

  it('never repeats the personal value in a message', () => {
    const [p] = checkDonorPrivacy({ ...GOOD, notes: 'jane.doe@example.org' });
    expect(p.message).not.toContain('jane');
  });

  it('checks the pseudonymous code', () => {
    expect(codes({ ...GOOD, code: 'Jane Doe' })).toEqual(['code DONOR_CODE_LOOKS_LIKE_NAME']);
    expect(codes({ ...GOOD, code: 'doe.jane' })).toEqual(['code DONOR_CODE_LOOKS_LIKE_NAME']);
    expect(codes({ ...GOOD, code: 'JaneDoe' })).toEqual(['code DONOR_CODE_INVALID']);
    expect(codes({ ...GOOD, code: 'D1' })).toEqual(['code DONOR_CODE_INVALID']);
    expect(codes({ ...GOOD, code: 42 })).toEqual(['code DONOR_CODE_INVALID']);
    expect(codes({ ...GOOD, code: 'jane@example.org' })).toEqual([
      'code EMAIL_NOT_ALLOWED',
      'code DONOR_CODE_INVALID',
    ]);
    expect(checkDonorPrivacy({ donorCode: 'Jane Doe' }, { codeField: 'donorCode' })[0].code).toBe(
      'DONOR_CODE_LOOKS_LIKE_NAME',
    );
    for (const ok of ['RA-D012', 'D07', 'NR_0003', 'donor-17']) {
      expect(checkDonorCode(ok)).toEqual([]);
    }
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        const problems = checkDonorPrivacy(payload);
        return Array.isArray(problems);
      }),
    );
  });

  it('accepts every well-formed study code (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{1,3}-D[0-9]{2,4}$/),
        (code) => checkDonorCode(code).length === 0,
      ),
    );
  });
});
