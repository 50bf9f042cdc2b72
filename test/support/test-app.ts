import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';

export type Engine = 'sqlite' | 'postgres';

/**
 * A fresh, empty database for one test file: a temporary SQLite file, or, when DATABASE_URL
 * points at a PostgreSQL server, a new database on it that is dropped afterwards. The
 * PostgreSQL service keeps its data between runs, so nothing is ever shared between files or runs.
 */
export interface TestDatabase {
  engine: Engine;
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `thiolab_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    // The audit anchor file lives outside the database: a temporary folder of its own.
    const anchorDir = mkdtempSync(join(tmpdir(), 'thiolab-e2e-anchor-'));
    return {
      engine: 'postgres',
      env: {
        DATABASE_URL: url.toString(),
        AUDIT_ANCHOR_FILE: join(anchorDir, 'audit-anchor.jsonl'),
      },
      drop: async () => {
        const c = new Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
        rmSync(anchorDir, { recursive: true, force: true });
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'thiolab-e2e-'));
  return {
    engine: 'sqlite',
    env: { SQLITE_PATH: join(dir, 'test.sqlite') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestApp {
  app: NestExpressApplication;
  engine: Engine;
  dataSource: DataSource;
  /** The bootstrap key the server printed on first start. */
  adminKey: string;
  /** supertest against the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule, configured exactly as main.ts does, on a fresh database. The
 * environment is set before the app's modules load because the config schema and the
 * engine-specific column types are read at import time.
 */
export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDatabase();
  const saved = { ...process.env };
  // The admin URL must not leak into the app: it gets its own database.
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }, db.env);
  const { AppModule } = await import('../../src/app.module');
  const { configureApp } = await import('../../src/app.setup');
  const { ThioLabExpressAdapter } = await import('../../src/common/http/express-adapter');
  const { getDataSourceToken } = await import('@nestjs/typeorm');

  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    printed.push(String(chunk));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  let app: NestExpressApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>(new ThioLabExpressAdapter(), {
      bodyParser: false,
    });
    configureApp(app);
    await app.init();
  } finally {
    process.stdout.write = write;
  }
  const adminKey = /tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/.exec(printed.join(''))?.[0];
  if (!adminKey) throw new Error('the server did not print a bootstrap key on first start');
  const server = app.getHttpServer();
  return {
    app,
    engine: db.engine,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    adminKey,
    http: () => request(server),
    close: async () => {
      await app.close();
      await db.drop();
      process.env = saved;
    },
  };
}

/** Creates a user with the given roles through the API and returns it with a fresh key. */
export async function createUserWithKey(
  t: TestApp,
  username: string,
  roles: string[],
  password = 'correct horse battery staple',
): Promise<{ id: string; key: string; password: string }> {
  const user = await t
    .http()
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${t.adminKey}`)
    .send({ username, displayName: username, roles, password })
    .expect(201);
  const key = await t
    .http()
    .post('/api/v1/api-keys')
    .set('Authorization', `Bearer ${t.adminKey}`)
    .send({ name: `${username} key`, userId: user.body.id })
    .expect(201);
  return { id: user.body.id as string, key: key.body.key as string, password };
}
