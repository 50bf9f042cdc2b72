// `npm run seed:demo`: loads the demo dataset (seed/demo-seed.ts) into the configured database
// through the same services the API uses, and prints the demo users' keys once. Idempotent: a
// second run adds nothing. Refuses to run in production.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { formatReport, seedDemo } from './demo-seed';

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('seed:demo refuses to run with NODE_ENV=production');
  }
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    process.stdout.write(formatReport(await seedDemo(app)));
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
