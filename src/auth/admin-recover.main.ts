// `npm run admin:recover [-- --user <username>]`: issues a new admin API key when nobody can
// administer the server any more (see admin-recovery.ts). Run it on the server machine with the
// server's environment (DATABASE_URL or SQLITE_PATH); it prints the key once.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { recoverAdminAccess } from './admin-recovery';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--user');
  const username = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !username) throw new Error('usage: npm run admin:recover -- [--user <username>]');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const r = await recoverAdminAccess(app, username);
    process.stdout.write(
      [
        '',
        '================================================================',
        ` ThioLab admin recovery: new API key for user "${r.username}"`,
        ...r.changes.map((c) => ` (${c})`),
        ` ${r.key.key}`,
        ' Shown once; the recovery is in the audit trail (system:admin-recover).',
        ' Use it to create proper admin keys, then revoke this one.',
        '================================================================',
        '',
      ].join('\n') + '\n',
    );
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`admin:recover: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
