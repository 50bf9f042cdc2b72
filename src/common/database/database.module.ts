import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from '../../config/database.config';
import type { EnvironmentVariables } from '../../config/env.validation';
import { PgConnectionGuard } from './pg-connection-guard.service';
import { SqliteCheckpointer } from './sqlite-checkpointer.service';
import { UnitOfWork } from './unit-of-work.service';

/**
 * The database connection and UnitOfWork. The one global module: infrastructure every feature
 * module needs, like ConfigModule (README, Architecture). Feature modules are never global;
 * they import what they use.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        ...databaseOptions({
          DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
          SQLITE_PATH: config.get('SQLITE_PATH', { infer: true }),
          SQLITE_BUSY_TIMEOUT_MS: config.get('SQLITE_BUSY_TIMEOUT_MS', { infer: true }),
          SQLITE_CACHE_MB: config.get('SQLITE_CACHE_MB', { infer: true }),
          PG_LOCK_TIMEOUT_MS: config.get('PG_LOCK_TIMEOUT_MS', { infer: true }),
          PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: config.get('PG_IDLE_IN_TRANSACTION_TIMEOUT_MS', {
            infer: true,
          }),
        }),
        // The server applies pending migrations at start; it never synchronises.
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
        // Fail fast with a clear error rather than retrying for half a minute.
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [UnitOfWork, SqliteCheckpointer, PgConnectionGuard],
  exports: [UnitOfWork],
})
export class DatabaseModule {}
