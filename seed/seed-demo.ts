// `npm run seed:demo`: loads the demo dataset into the configured database through the same
// services the API uses, so every demo record is validated and audited like real data.
// Idempotent: a second run adds nothing. Refuses to run in production.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { User } from '../src/auth/user.entity';
import { UsersService } from '../src/auth/users.service';
import { UnitOfWork } from '../src/common/database/unit-of-work.service';
import type { Role } from '../src/common/auth/roles';

export const DEMO_USERS: { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'demo.scientist', displayName: 'Demo Scientist', roles: ['scientist'] },
  { username: 'demo.manager', displayName: 'Demo Lab Manager', roles: ['manager'] },
];

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('seed:demo refuses to run with NODE_ENV=production');
  }
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const uow = app.get(UnitOfWork);
    const users = app.get(UsersService);
    const apiKeys = app.get(ApiKeysService);
    const actor = { system: 'seed-demo' };
    const printed: string[] = [];
    await uow.run(async (m) => {
      for (const spec of DEMO_USERS) {
        if (await m.getRepository(User).existsBy({ username: spec.username })) continue;
        // The demo password is printed with the key; demo data never goes to production.
        const password = `${spec.username}-demo-password`;
        const user = await users.createIn(m, actor, { ...spec, password });
        const key = await apiKeys.issue(m, actor, {
          userId: user.id,
          name: 'demo',
          expiresAt: null,
          rotatedFromId: null,
        });
        printed.push(
          `${spec.username.padEnd(16)} ${spec.roles.join(',').padEnd(10)} key ${key.key}  password ${password}`,
        );
      }
    });
    process.stdout.write(
      printed.length > 0
        ? `Demo users created (keys shown once):\n${printed.join('\n')}\n`
        : 'Demo data already present: nothing to do.\n',
    );
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
