/**
 * Explicit wiring: the real AppModule, with one assay module left out, refuses to start and
 * says which protocol family (or which plate-import step) has no analysis and how to wire it.
 */
import { Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from './support/test-app';

type AppModules = typeof import('../src/app.module');

describe('assay wiring at start-up', () => {
  let db: TestDatabase;
  const saved = { ...process.env };

  // One database for the file: the config and the engine's column types are read once, when
  // the app's modules are first imported.
  beforeAll(async () => {
    db = await createTestDatabase();
    delete process.env.DATABASE_URL;
    Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }, db.env);
  });

  afterAll(async () => {
    process.env = { ...saved };
    await db.drop();
  });

  /** AppModule as it is, minus the named feature modules. */
  async function bootWithout(...left: string[]): Promise<() => Promise<void>> {
    const { AppModule } = (await import('../src/app.module')) as AppModules;
    const imports = (Reflect.getMetadata('imports', AppModule) as Type[]).filter(
      (m) => !left.includes(m.name),
    );
    expect(imports.length).toBe(
      (Reflect.getMetadata('imports', AppModule) as unknown[]).length - left.length,
    );
    @Module({ imports, providers: Reflect.getMetadata('providers', AppModule) as [] })
    class AppWithout {}
    const moduleRef = await Test.createTestingModule({ imports: [AppWithout] }).compile();
    const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    return async () => {
      try {
        await app.init();
      } finally {
        await app.close();
      }
    };
  }

  it('refuses to start when a protocol family has no analysis, naming the family', async () => {
    const start = await bootWithout('EffluxModule');
    await expect(start()).rejects.toThrow(
      /no analysis is registered for protocol family "efflux-inhibitor" \(efflux-inhibitor\.v1\.yaml\)/,
    );
  });

  it('refuses to start without the viability module: no plate analysis, no mtt-viability', async () => {
    const start = await bootWithout('EffluxModule', 'ViabilityModule');
    await expect(start()).rejects.toThrow(
      /no analysis is registered for protocol family "atp-luminescence-viability" \(atp-luminescence-viability\.v1\.yaml\), "efflux-inhibitor" \(efflux-inhibitor\.v1\.yaml\), "mtt-viability" \(mtt-viability\.v1\.yaml\), "resazurin-viability" \(resazurin-viability\.v1\.yaml\)/,
    );
  });

  it('starts with every module: each family is analysed or listed as not yet', async () => {
    const start = await bootWithout();
    await expect(start()).resolves.toBeUndefined();
  });
});
