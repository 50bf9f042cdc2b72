import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type Engine } from '../../support/test-app';
import { Factory } from './factories';

/**
 * The medium tier: the real AppModule's services on a fresh temporary database (SQLite, or
 * PostgreSQL when DATABASE_URL names a server), without HTTP. A suite calls services directly
 * and builds its records with {@link Factory}; one context per test file.
 */
export interface MediumContext {
  engine: Engine;
  dataSource: DataSource;
  /** A provider of the app (a service, a repository) by class. */
  get<T>(type: Type<T>): T;
  factory: Factory;
  close(): Promise<void>;
}

export async function createMediumContext(): Promise<MediumContext> {
  const db = await createTestDatabase();
  const saved = { ...process.env };
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }, db.env);
  // Imported after the environment is set: config and engine column types are read at import.
  const { AppModule } = await import('../../../src/app.module');
  const { getDataSourceToken } = await import('@nestjs/typeorm');
  const write = process.stdout.write.bind(process.stdout);
  // The first start prints the bootstrap banner; a medium suite has no use for it.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  let app: INestApplicationContext;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = await moduleRef.init();
  } finally {
    process.stdout.write = write;
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const get = <T>(type: Type<T>): T => app.get(type, { strict: false });
  return {
    engine: db.engine,
    dataSource,
    get,
    factory: new Factory(get),
    close: async () => {
      await app.close();
      await db.drop();
      process.env = saved;
    },
  };
}
