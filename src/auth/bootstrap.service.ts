import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { User } from './user.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { ApiKeysService } from './api-keys.service';
import { UsersService } from './users.service';

const BOOTSTRAP_LOCK_KEY = 7_284_612;

/**
 * First start on an empty database: creates the `admin` user (no password: none exists by
 * default) and prints a one-time bootstrap API key to the console. The key is never stored in
 * clear and never printed again.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = await this.uow.run(async (m) => {
      // Several API nodes may start at once on one PostgreSQL: only one creates the admin.
      if (this.uow.engine === 'postgres')
        await m.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      if ((await m.getRepository(User).count()) > 0) return null;
      const actor = { system: 'bootstrap' };
      const admin = await this.users.createIn(m, actor, {
        username: 'admin',
        displayName: 'Administrator',
        roles: ['admin'],
      });
      return this.apiKeys.issue(m, actor, {
        userId: admin.id,
        name: 'bootstrap',
        expiresAt: null,
        rotatedFromId: null,
      });
    });
    if (key) {
      // The banner below says it; the log keeps a debug line (the audit trail has the events).
      this.logger.debug('Created the admin user and a one-time bootstrap API key');
      // Printed once, on purpose to the console rather than the JSON log stream.
      process.stdout.write(
        [
          '',
          '================================================================',
          ' ThioLab first start: bootstrap API key for user "admin"',
          ` ${key.key}`,
          ' Shown once. Use it as "Authorization: Bearer <key>", create',
          ' real users and keys (one of them an admin key), then revoke it',
          ' (POST /api/v1/api-keys/:id/revoke). The last admin key cannot be',
          ' revoked; if you are ever locked out: npm run admin:recover.',
          '================================================================',
          '',
        ].join('\n') + '\n',
      );
    }
  }
}
