import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain.error';
import { ProblemDetailsFilter } from './problem-details.filter';

function run(exception: unknown): {
  status: number;
  type: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
} {
  const out = {
    status: 0,
    type: '',
    headers: {} as Record<string, string>,
    body: {} as Record<string, unknown>,
  };
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      out.headers[name.toLowerCase()] = value;
    },
    status(s: number) {
      out.status = s;
      return this;
    },
    type(t: string) {
      out.type = t;
      return this;
    },
    send(b: string) {
      out.body = JSON.parse(b);
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ originalUrl: '/api/v1/x', id: 'req-1' }),
      getResponse: () => res,
    }),
  } as unknown as ArgumentsHost;
  const filter = new ProblemDetailsFilter();
  // Keep the expected error logs (500, database busy) out of the test output.
  (filter as unknown as { logger: { error: () => void; warn: () => void } }).logger = {
    error: () => undefined,
    warn: () => undefined,
  };
  filter.catch(exception, host);
  return out;
}

describe('ProblemDetailsFilter', () => {
  it('maps a domain error through the code table, keeping its located errors', () => {
    const r = run(
      new DomainError('VALIDATION_FAILED', 'bad', [
        { well: 'B7', code: 'NOT_A_NUMBER', message: 'x' },
      ]),
    );
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'The request is not valid',
      detail: 'bad',
      instance: '/api/v1/x',
      requestId: 'req-1',
      errors: [{ well: 'B7' }],
    });
    expect(r.body.type).toMatch(/validation-failed$/);
  });

  it('answers an unknown error with 500 and no internals', () => {
    const r = run(new Error('SQLITE_CORRUPT at /var/lib/secret/path'));
    expect(r.status).toBe(500);
    expect(r.body.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(r.body)).not.toMatch(/SQLITE|secret/);
    expect(r.body.requestId).toBe('req-1');
  });

  it('answers a lock not granted within lock_timeout with 503: busy, nothing stored', () => {
    const r = run({
      name: 'QueryFailedError',
      message: 'canceling statement due to lock timeout',
      query: 'SELECT pg_advisory_xact_lock(7284611)',
      driverError: Object.assign(new Error('canceling statement due to lock timeout'), {
        code: '55P03',
      }),
    });
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toMatch(/^\d+$/);
    expect(r.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(r.body.detail).toMatch(/busy.*nothing was stored/);
    expect(JSON.stringify(r.body)).not.toMatch(/advisory/);
  });

  it('maps framework HTTP exceptions by status', () => {
    const r = run(new NotFoundException('Cannot GET /api/v1/x'));
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
