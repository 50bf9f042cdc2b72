// The real plate-reader exports of ../shared/fixtures/real-exports/plates dropped into a folder
// that `npm run watch` feeds to the instrument feed, each judged as the HTTP test judges it
// (test/support/real-plate-exports.ts holds the one table of what a lab expects): imported,
// every plate of the file as a reading of its planned plate with every channel and status, and
// the file moved to done/; or refused with the stated reason, the file in failed/ with the
// server's report beside it. A file that names its plates (a barcode, or several named blocks)
// lies in the folder itself; a single plate without a barcode in its plate's subfolder.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ExpectedImport,
  expectStoredReading,
  isRefusal,
  REAL_PLATE_EXPORTS,
  RealExportPlanner,
} from './support/real-plate-exports';
import { bearer } from './support/runs-fixtures';
import { describeWithFixtures, fixturePath } from './support/shared-fixtures';
import { createTestApp, createUserWithKey, TestApp } from './support/test-app';
import { feedEndpoint, list, runWatcher } from './support/watch-folder';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where a file was dropped (relative to the folder) and the plates planned for its blocks. */
interface Dropped {
  file: string;
  at: string;
  plateIds: string[];
}

describeWithFixtures('real plate-reader exports through npm run watch', () => {
  let t: TestApp;
  let sci: { id: string; key: string };
  let folder: string;
  const dropped = new Map<string, Dropped>();
  let exitCode: number | null;
  let output: string;

  beforeAll(async () => {
    t = await createTestApp();
    const { url, readerKey } = await feedEndpoint(t);
    sci = await createUserWithKey(t, 'sam', ['scientist']);
    const planner = new RealExportPlanner(t, sci.key);
    folder = mkdtempSync(join(tmpdir(), 'thiolab-watch-real-'));
    for (const [k, [file, expected]] of REAL_PLATE_EXPORTS.entries()) {
      let at = file;
      let plateIds: string[] = [];
      if (!isRefusal(expected)) {
        const named = expected.plates.length > 1 || expected.plates.every((p) => p.barcode);
        if (named) {
          plateIds = await Promise.all(
            expected.plates.map((p) => planner.plate(p.plateSize, p.assay, p.barcode ?? p.name)),
          );
        } else {
          const [p] = expected.plates;
          const barcode = `REAL-${k + 1}`;
          plateIds = [await planner.plate(p.plateSize, p.assay, barcode)];
          mkdirSync(join(folder, barcode));
          at = `${barcode}/${file}`;
        }
      }
      copyFileSync(fixturePath('real-exports', 'plates', file), join(folder, at));
      dropped.set(file, { file, at, plateIds });
    }
    const w = runWatcher(folder, { THIOLAB_URL: url, THIOLAB_API_KEY: readerKey }, ['--once']);
    exitCode = await w.exited;
    output = w.output();
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await t.close();
  });

  it('files every export: the imported ones in done/, the refused ones in failed/ with a report', () => {
    // Some files are refused: the run reports it in its exit code.
    expect([exitCode, output]).toEqual([1, expect.any(String)]);
    for (const [file, expected] of REAL_PLATE_EXPORTS) {
      const { at } = dropped.get(file)!;
      const to = isRefusal(expected) ? 'failed' : 'done';
      if (!existsSync(join(folder, to, at))) throw new Error(`${at} is not in ${to}/:\n${output}`);
      expect(existsSync(join(folder, at))).toBe(false);
    }
    const refused = REAL_PLATE_EXPORTS.filter(([, e]) => isRefusal(e)).map(([f]) => f);
    expect(list(join(folder, 'failed'))).toEqual(
      refused.flatMap((f) => [f, `${f}.error.json`]).sort(),
    );
  });

  it.each(REAL_PLATE_EXPORTS)('%s', async (file, expected) => {
    const { at, plateIds } = dropped.get(file)!;
    if (isRefusal(expected)) {
      const report = JSON.parse(readFileSync(join(folder, 'failed', `${at}.error.json`), 'utf8'));
      expect(report).toMatchObject({ file: at, status: 422 });
      const hit = (report.response.errors as Body[]).find((e) => e.code === expected.code);
      if (!hit) throw new Error(`${file}: ${JSON.stringify(report.response).slice(0, 2000)}`);
      for (const part of expected.says) expect(hit.message).toContain(part);
      return;
    }
    const imported: ExpectedImport = expected;
    for (const [k, want] of imported.plates.entries()) {
      const plate = (
        await t.http().get(`/api/v1/plates/${plateIds[k]}`).set(bearer(sci.key)).expect(200)
      ).body;
      expect(plate.status).toBe('read');
      // The reading this file gave the plate (a plate may hold readings of other files).
      const reading = (plate.readings as Body[]).find((r) => r.sourceFilename === file);
      if (!reading) throw new Error(`${file}: no reading of plate ${k + 1}:\n${output}`);
      expect(reading).toMatchObject({ format: imported.format, valueCount: want.values });
      const channels = reading.metadata.channels as Body[];
      expect(channels.map((c) => c.key)).toEqual(want.channels);
      if (imported.gain) {
        for (const c of channels) if (c.mode === 'fluorescence') expect(c.gain).toBe(imported.gain);
      }
      await expectStoredReading(t, sci.key, plateIds[k], reading.id, want);
    }
  });
});
