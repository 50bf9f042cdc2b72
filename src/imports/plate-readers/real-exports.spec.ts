// The real instrument exports of ../shared/fixtures/real-exports/plates, each read as its README
// row expects: imported (plates, channels, statuses as the file holds them, every value equal to
// the file's text) or refused with the stated reason. Where the file differs from its
// description, the file wins and the case says what it holds.
import { readFileSync } from 'node:fs';

import {
  expectValuesAsWritten,
  isRefusal,
  REAL_PLATE_EXPORTS,
  statusCounts,
} from '../../../test/support/real-plate-exports';
import { describeWithFixtures, fixturePath } from '../../../test/support/shared-fixtures';
import { parsePlateExport } from './parse-plate-reading';

describeWithFixtures('real plate-reader exports (../shared/fixtures/real-exports/plates)', () => {
  it.each(REAL_PLATE_EXPORTS)('%s', async (file, expected) => {
    const bytes = readFileSync(fixturePath('real-exports', 'plates', file));
    const result = await parsePlateExport(bytes, { filename: file });
    if (isRefusal(expected)) {
      if (result.ok) throw new Error(`${file} was imported; expected ${expected.code}`);
      expect(result.problems.map((p) => p.code)).toContain(expected.code);
      const message = result.problems.find((p) => p.code === expected.code)!.message;
      for (const part of expected.says) expect(message).toContain(part);
      return;
    }
    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5), null, 2));
    const { file: parsed } = result;
    expect([parsed.format, parsed.encoding]).toEqual([expected.format, expected.encoding]);
    expect(parsed.plates.map((p) => p.block.name)).toEqual(expected.plates.map((p) => p.name));
    expected.plates.forEach((want, k) => {
      const plate = parsed.plates[k];
      expect(plate.plateSize).toBe(want.plateSize);
      expect(plate.channels.map((c) => c.key)).toEqual(want.channels);
      expect(plate.values).toHaveLength(want.values);
      expect(plate.metadata.barcode).toBe(want.barcode);
      expect(statusCounts(plate.values)).toEqual(want.statuses ?? { ok: want.values });
      expectValuesAsWritten(plate.values);
    });
    expect(parsed.skipped).toHaveLength(expected.skipped ?? 0);
  });
});
