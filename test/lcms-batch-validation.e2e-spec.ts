// POST /lcms-batches through the global pipe's fast path (CreateBatchDto): a valid 96-injection
// list is stored as sent; a list with one field wrong is refused with class-validator's problem
// body, the same as before the fast path (the bodies below were recorded without it).
import { CertainlyValid } from '../src/common/validation/certainly-valid';
import { api } from './support/plate-assays';
import {
  bootLcmsWorld,
  donorWithAliquot,
  lcmsRun,
  type Body,
  type LcmsWorld,
} from './support/lcms-world';

function injections(): Body[] {
  const list: Body[] = [];
  for (let i = 1; i <= 9; i++) list.push({ name: `CAL${i}`, type: 'calibrator', nominal: i / 10 });
  list.push({ name: 'BLANK', type: 'blank' });
  for (const level of ['QC-L', 'QC-M', 'QC-H'])
    for (let r = 1; r <= 3; r++)
      list.push({ name: `${level}-${r}`, type: 'qc', qcLevel: level, nominal: 0.3 });
  for (let i = 1; i <= 77; i++) list.push({ name: `U${i}`, type: 'unknown', dilutionFactor: 2 });
  return list;
}

// Recorded before the fast path (requestId aside).
const RECORDED: Record<string, { detail: string; errors: Body[] }> = {
  'an unknown key in the last injection': {
    detail: '1 problem in the request',
    errors: [
      {
        field: 'injections.95.position',
        code: 'UNKNOWN_FIELD',
        message:
          'position is not a field of this request. Accepted: name, type, nominal, nominals, qcLevel, sampleBarcode, dilutionFactor.',
      },
    ],
  },
  'a direction override in a name': {
    detail: '1 problem in the request',
    errors: [
      {
        field: 'injections.50.name',
        code: 'NO_CONTROL_CHARACTERS',
        message:
          'name must not contain control characters, line breaks or direction overrides: found U+202E at character 2',
      },
    ],
  },
  'a negative nominal and a dilution below 1': {
    detail: '2 problems in the request',
    errors: [
      { field: 'injections.3.nominal', code: 'MIN', message: 'nominal must not be less than 0' },
      {
        field: 'injections.60.dilutionFactor',
        code: 'MIN',
        message: 'dilutionFactor must not be less than 1',
      },
    ],
  },
  'a run id one digit too long': {
    detail: '1 problem in the request',
    errors: [{ field: 'runId', code: 'IS_UUID', message: 'runId must be a UUID' }],
  },
  'a string where an injection goes': {
    detail: '1 problem in the request',
    errors: [
      {
        field: 'injections.7',
        code: 'NESTED_VALIDATION',
        message: 'each value in nested property injections must be either object or array',
      },
    ],
  },
  'an unknown type and nominals that are not an object': {
    detail: '2 problems in the request',
    errors: [
      {
        field: 'injections.9.type',
        code: 'IS_IN',
        message: 'type must be one of the following values: calibrator, qc, blank, zero, unknown',
      },
      { field: 'injections.10.nominals', code: 'IS_OBJECT', message: 'nominals must be an object' },
    ],
  },
  'analytes too long, not strings, or with a line break': {
    detail: '4 problems in the request',
    errors: [
      {
        field: 'analytes',
        code: 'MAX_LENGTH',
        message: 'each value in analytes must be shorter than or equal to 64 characters',
      },
      {
        field: 'analytes',
        code: 'MIN_LENGTH',
        message: 'each value in analytes must be longer than or equal to 1 characters',
      },
      {
        field: 'analytes',
        code: 'NO_CONTROL_CHARACTERS',
        message:
          'analytes must not contain control characters, line breaks or direction overrides: found U+000A at character 2',
      },
      { field: 'analytes', code: 'IS_STRING', message: 'each value in analytes must be a string' },
    ],
  },
  'no injections, an unknown top-level key': {
    detail: '4 problems in the request',
    errors: [
      {
        field: 'position',
        code: 'UNKNOWN_FIELD',
        message:
          'position is not a field of this request. Accepted: runId, name, analytes, internalStandard, instrument, operatorId, injections, notes.',
      },
      {
        field: 'injections',
        code: 'ARRAY_MAX_SIZE',
        message: 'injections must contain no more than 2000 elements',
      },
      {
        field: 'injections',
        code: 'ARRAY_MIN_SIZE',
        message: 'injections must contain at least 1 elements',
      },
      { field: 'injections', code: 'IS_ARRAY', message: 'injections must be an array' },
    ],
  },
};

describe('LC-MS/MS batch bodies through the validation fast path', () => {
  let w: LcmsWorld;
  let runId: string;

  beforeAll(async () => {
    w = await bootLcmsWorld();
    const { aliquotId } = await donorWithAliquot(w, 'RA-V01', 'responder');
    runId = await lcmsRun(w, aliquotId, { analytes: ['azathioprine', '6-MP'] });
  }, 120_000);
  afterAll(() => w.t.close());

  const batch = (change: (b: Body) => void = () => undefined): Body => {
    const b: Body = { runId, name: 'validated', instrument: 'QTRAP', injections: injections() };
    change(b);
    return b;
  };

  it('stores a valid 96-injection list as sent, vouched for by the fast path', async () => {
    const check = jest.spyOn(CertainlyValid.prototype, 'check');
    const res = await api(w.t, w.sam)
      .post(
        '/lcms-batches',
        batch((b) => {
          b.injections[0].nominals = { azathioprine: 0.1, '6-MP': 0.2 };
          b.notes = 'two lines\n\tindented';
        }),
      )
      .expect(201);
    expect(check.mock.results.map((r) => r.value)).toEqual([true]);
    check.mockRestore();
    expect(res.body.injections).toHaveLength(96);
    expect(res.body.injections[95]).toMatchObject({
      name: 'U77',
      type: 'unknown',
      dilutionFactor: 2,
    });
    expect(res.body.injections[0].nominals).toEqual({ azathioprine: 0.1, '6-MP': 0.2 });
    expect(res.body.notes).toBe('two lines\n\tindented');
  });

  it.each<[string, (b: Body) => void]>([
    ['an unknown key in the last injection', (b) => (b.injections[95].position = 96)],
    ['a direction override in a name', (b) => (b.injections[50].name = 'U\u202e41')],
    [
      'a negative nominal and a dilution below 1',
      (b) => {
        b.injections[3].nominal = -1;
        b.injections[60].dilutionFactor = 0.5;
      },
    ],
    ['a run id one digit too long', (b) => (b.runId = `${b.runId}0`)],
    ['a string where an injection goes', (b) => (b.injections[7] = 'CAL8')],
    [
      'an unknown type and nominals that are not an object',
      (b) => {
        b.injections[9].type = 'Blank';
        b.injections[10].nominals = 'x';
      },
    ],
    [
      'analytes too long, not strings, or with a line break',
      (b) => (b.analytes = ['a'.repeat(65), 6, 'x\ny']),
    ],
    [
      'no injections, an unknown top-level key',
      (b) => {
        delete b.injections;
        b.position = 1;
      },
    ],
  ])('refuses %s with the problem body it always had', async (what, change) => {
    const res = await api(w.t, w.sam).post('/lcms-batches', batch(change)).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'https://thiolab.dev/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      ...RECORDED[what],
      instance: '/api/v1/lcms-batches',
      requestId: expect.any(String),
    });
  });
});
