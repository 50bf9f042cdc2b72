import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain.error';
import { ProblemDetailsFilter } from './problem-details.filter';

function run(exception: unknown): { status: number; type: string; body: Record<string, unknown> } {
  const out = { status: 0, type: '', body: {} as Record<string, unknown> };
  const res = {
    headersSent: false,
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
  // Keep the expected error log of the 500 case out of the test output.
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
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

  it('maps framework HTTP exceptions by status', () => {
    const r = run(new NotFoundException('Cannot GET /api/v1/x'));
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
