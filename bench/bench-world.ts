/**
 * What the load and scale benchmarks share: a fresh database (a temporary SQLite file, or a new
 * PostgreSQL database on DATABASE_URL's server, dropped afterwards), a keep-alive HTTP client,
 * the lab set up through the API (users, an instrument bound to a reader key, two cell lines, a
 * 96-well layout), query-parameter names read from the OpenAPI document, and percentiles.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchPlateMap } from './mtt-bench-plate';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BenchDatabase {
  engine: 'sqlite' | 'postgres';
  /** Environment for the server: DATABASE_URL or SQLITE_PATH, and the anchor file. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function freshDatabase(label: string): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), `thiolab-${label}-`));
  if (serverUrl) {
    const name = `thiolab_${label}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      engine: 'postgres',
      env: { DATABASE_URL: url.toString(), AUDIT_ANCHOR_FILE: join(dir, 'anchor.jsonl') },
      drop: async () => {
        const c = new Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  return {
    engine: 'sqlite',
    env: { SQLITE_PATH: join(dir, `${label}.sqlite`) },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Answer {
  status: number;
  body: Json;
  ms: number;
}

/** One request over a keep-alive socket; never throws for an HTTP status, only for I/O. */
export function request(
  base: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  const payload =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(/^\/(health|docs)/.test(path) ? path : `/api/v1${path}`, base),
      {
        method,
        agent,
        timeout: 30_000,
        headers: {
          Authorization: `Bearer ${key}`,
          ...(payload === undefined
            ? {}
            : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let parsed: Json = {};
          try {
            parsed = text ? (JSON.parse(text) as Json) : {};
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export async function must(p: Promise<Answer>, what: string): Promise<Json> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const PASSWORD = 'correct horse battery staple';

export interface World {
  url: string;
  adminKey: string;
  sci: { id: string; key: string; keyId: string };
  mgr: { id: string; key: string; keyId: string };
  reader: { id: string; key: string; keyId: string };
  parentalId: string;
  resistantId: string;
  layoutId: string;
  mttVersionId: string;
}

/** The lab a benchmark works in, set up through the API. */
export async function setUpWorld(url: string, adminKey: string, tag: string): Promise<World> {
  const user = async (username: string, roles: string[]) => {
    const u = await must(
      request(url, adminKey, 'POST', '/users', {
        username,
        displayName: username,
        roles,
        password: PASSWORD,
      }),
      'user',
    );
    const k = await must(
      request(url, adminKey, 'POST', '/api-keys', { name: `${username} key`, userId: u.id }),
      'key',
    );
    return { id: u.id as string, key: k.key as string, keyId: k.id as string };
  };
  const sci = await user(`${tag.toLowerCase()}-sci`, ['scientist']);
  const mgr = await user(`${tag.toLowerCase()}-mgr`, ['manager']);
  const reader = await user(`${tag.toLowerCase()}-reader`, ['instrument']);
  const instrument = await must(
    request(url, mgr.key, 'POST', '/instruments', { name: `${tag} reader`, model: 'synthetic' }),
    'instrument',
  );
  await must(
    request(url, mgr.key, 'POST', `/instruments/${instrument.id}/api-keys`, {
      apiKeyId: reader.keyId,
    }),
    'bind',
  );
  const line = async (name: string, barcode: string, parentId?: string) =>
    (
      await must(
        request(url, sci.key, 'POST', '/materials/cell-lines', {
          name,
          barcode,
          passageNumber: 4,
          ...(parentId ? { parentId } : { species: 'Oryctolagus cuniculus' }),
        }),
        'cell line',
      )
    ).id as string;
  const parentalId = await line('HIG-82', `${tag}-P`);
  const resistantId = await line('HIG-82 6-TG-R', `${tag}-R`, parentalId);
  const layoutId = (
    await must(
      request(url, sci.key, 'POST', '/plate-layouts/import', {
        name: `${tag} MTT 96`,
        plateSize: 96,
        referenceWavelengthNm: 650,
        csv: benchPlateMap(96),
        materials: { parental: `${tag}-P`, resistant: `${tag}-R` },
      }),
      'layout',
    )
  ).id as string;
  const list = ((await must(request(url, sci.key, 'GET', '/protocols'), 'protocols')) as Json)
    .items as Json[];
  const mtt = list.find((p) => p.key === 'mtt-viability');
  if (!mtt?.latestApprovedVersionId) throw new Error('no approved mtt-viability version');
  return {
    url,
    adminKey,
    sci,
    mgr,
    reader,
    parentalId,
    resistantId,
    layoutId,
    mttVersionId: mtt.latestApprovedVersionId as string,
  };
}

/** The q-quantile (0–1) of the values, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function closeClients(): void {
  agent.destroy();
}
