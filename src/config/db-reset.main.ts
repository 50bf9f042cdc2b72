// `npm run db:reset -- --yes`: deletes the configured SQLite database and its audit anchor
// (see db-reset.ts). Reads the same environment as the server (SQLITE_PATH, DATABASE_URL).
import { resetDatabase } from './db-reset';
import { validateEnv } from './env.validation';

try {
  const outcome = resetDatabase(validateEnv(process.env), process.argv.slice(2));
  (outcome.status === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
  process.exitCode = outcome.status;
} catch (err: unknown) {
  process.stderr.write(`db:reset: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
