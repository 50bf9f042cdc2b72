import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/**
 * Every migration of one engine's folder, in file-name order (the file names start with the
 * timestamp): a generated migration is picked up without editing a list, so two branches that
 * each add one never conflict.
 */
export function loadMigrations(dir: string): MigrationClass[] {
  return readdirSync(dir)
    .filter((file) => /^\d+-[A-Za-z0-9]+\.(ts|js)$/.test(file))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(join(dir, file)) as Record<string, unknown>);
      const found = exported.filter((value) => typeof value === 'function');
      if (found.length !== 1) throw new Error(`${dir}/${file} must export exactly one migration class`);
      return found[0] as MigrationClass;
    });
}
