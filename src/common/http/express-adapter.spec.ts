import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Request, Response } from 'express';
import { ThioLabExpressAdapter } from './express-adapter';

/** GET `path` on the adapter's server; the status, content type and body. */
function get(
  server: http.Server,
  path: string,
): Promise<{ status: number; type: string; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { 'X-Probe': 'yes' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
        );
      })
      .on('error', reject);
  });
}

describe('ThioLabExpressAdapter', () => {
  let adapter: ThioLabExpressAdapter;
  let server: http.Server;

  afterEach(async () => {
    if (server?.listening) await new Promise((r) => server.close(r));
  });

  it('serves requests whose objects have Express prototypes before Express handles them', async () => {
    adapter = new ThioLabExpressAdapter();
    adapter.initHttpServer({});
    const app = adapter.getInstance<Express>();
    server = adapter.getHttpServer() as http.Server;
    const before: boolean[] = [];
    // Runs before Express's own listener: what the server constructed, untouched by Express.
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      before.push(
        Object.getPrototypeOf(req) === app.request &&
          Object.getPrototypeOf(res) === app.response &&
          // Still Node's classes for any code that checks.
          req instanceof http.IncomingMessage &&
          res instanceof http.ServerResponse,
      );
    });
    app.get('/probe', (req: Request, res: Response) => {
      res.status(202).json({ header: req.get('x-probe'), path: req.path, n: req.query.n });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));

    const res = await get(server, '/probe?n=7');
    expect(res.status).toBe(202);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ header: 'yes', path: '/probe', n: '7' });
    expect(before).toEqual([true]);
  });
});
