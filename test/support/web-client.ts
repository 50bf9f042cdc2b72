import type { Response } from 'supertest';
import type { TestApp } from './test-app';

/** The value of a hidden `_csrf` input of a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([0-9a-f]{64})"/.exec(html);
  if (!m) throw new Error('the page has no form with a CSRF token');
  return m[1];
}

/** `name=value` of a Set-Cookie header of the response, or undefined. */
export function setCookie(res: Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return raw?.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
}

/**
 * The table of a page whose caption starts with `caption` (its HTML from the caption to the
 * table's end) and its body rows; fails the test when the page has no such table.
 */
export function tableByCaption(html: string, caption: string): { html: string; rows: string[] } {
  const at = html.indexOf(`<caption>${caption}`);
  if (at < 0) throw new Error(`the page has no table captioned "${caption}…"`);
  const table = html.slice(at, html.indexOf('</table>', at));
  const body = table.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
  return { html: table, rows: body.split('<tr>').slice(1) };
}

/**
 * A browser of the UI driven through supertest: it keeps the cookies it is given (supertest's
 * agent would drop Secure cookies on plain http) and posts forms urlencoded.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  private remember(res: Response): Response {
    const raw = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    for (const c of raw) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return res;
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<Response> {
    return this.remember(await this.t.http().get(path).set('Cookie', this.header()));
  }

  /** A form posted urlencoded; a list repeats its field (a multiple select). */
  async post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) {
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    }
    return this.remember(
      await this.t
        .http()
        .post(path)
        .set('Cookie', this.header())
        .type('form')
        .send(body.toString()),
    );
  }

  /** A multipart form (a file upload page's), with the session's cookie. */
  async postMultipart(
    path: string,
    fields: Record<string, string>,
    file?: { bytes: Buffer | string; name: string },
  ): Promise<Response> {
    let req = this.t.http().post(path).set('Cookie', this.header());
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', Buffer.from(file.bytes), file.name);
    return this.remember(await req);
  }

  /** Signs in through the sign-in page's password form; returns the response of the POST. */
  async signIn(username: string, password: string, next = '/ui'): Promise<Response> {
    const page = await this.get(`/ui/sign-in?next=${encodeURIComponent(next)}`);
    return this.post('/ui/sign-in', {
      _csrf: csrfOf(page.text),
      method: 'password',
      username,
      password,
      next,
    });
  }

  async signInWithKey(apiKey: string): Promise<Response> {
    const page = await this.get('/ui/sign-in');
    return this.post('/ui/sign-in', { _csrf: csrfOf(page.text), method: 'api-key', apiKey });
  }
}
