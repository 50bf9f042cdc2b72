import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The server's whole configuration, read from the environment. Defaults run with nothing set:
 * SQLite at data/thiolab.sqlite on port 3000.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** postgres://user:password@host:port/database switches the engine to PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @IsString()
  SQLITE_PATH: string = 'data/thiolab.sqlite';

  @IsInt()
  @Min(0)
  @Max(600000)
  SQLITE_BUSY_TIMEOUT_MS: number = 5000;

  /**
   * PostgreSQL: longest wait for a lock (a row, the audit chain's advisory lock), in ms; past it
   * the statement fails and the request answers 503 with nothing stored. 0: wait as the server
   * is configured (by default, forever).
   */
  @IsInt()
  @Min(0)
  @Max(600000)
  PG_LOCK_TIMEOUT_MS: number = 30000;

  /**
   * PostgreSQL: how long a transaction may sit idle (its request awaiting something else) before
   * the server ends its session and releases its locks, in ms. 0: as the server is configured.
   */
  @IsInt()
  @Min(0)
  @Max(3600000)
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: number = 60000;

  /**
   * SQLite's page cache on the server's connection, in MiB (SQLite's own default is 2 MiB: a
   * growing database then reads most pages of the tables it writes from the OS on every insert).
   */
  @IsInt()
  @Min(1)
  @Max(16384)
  SQLITE_CACHE_MB: number = 64;

  /**
   * How often a background thread copies SQLite's write-ahead log into the database file, in
   * ms; 0 leaves checkpoints to SQLite, inside the committing request.
   */
  @IsInt()
  @Min(0)
  @Max(60000)
  SQLITE_CHECKPOINT_INTERVAL_MS: number = 200;

  /**
   * How long this node trusts an authenticated API key before reading it again, in ms (0 reads
   * it on every request). A key revoked or a user deactivated through this node is forgotten at
   * once; through another node sharing the database, within this time.
   */
  @IsInt()
  @Min(0)
  @Max(60000)
  AUTH_CACHE_TTL_MS: number = 5000;

  /** Web UI: minutes a signed-in browser session survives without a request. */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  WEB_SESSION_IDLE_MINUTES: number = 30;

  /** Web UI: hours after sign-in when a browser session ends, however active. */
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  WEB_SESSION_MAX_HOURS: number = 12;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Largest accepted request body, in a form body-parser understands (e.g. 10mb). */
  @Matches(/^\d+(\.\d+)?(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 10mb' })
  BODY_LIMIT: string = '10mb';

  /**
   * File outside the database that keeps checkpoints (seq and hash) of the audit chain's head,
   * which /audit/verify checks so that deleted trailing events are noticed. Default: beside the
   * SQLite file (`<name>.audit-anchor.jsonl`), or `data/audit-anchor.<database>.jsonl` on
   * PostgreSQL.
   */
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_FILE?: string;

  /** Secret (≥ 32 characters, never stored in the database) that signs each anchor checkpoint. */
  @IsOptional()
  @MinLength(32, { message: 'AUDIT_ANCHOR_KEY must be at least 32 characters' })
  AUDIT_ANCHOR_KEY?: string;

  /** Most often, in ms, that the anchor file is appended to (0: after every commit). */
  @IsInt()
  @Min(0)
  @Max(60000)
  AUDIT_ANCHOR_INTERVAL_MS: number = 1000;
}

/**
 * ConfigModule `validate` hook: converts numeric strings, applies defaults and refuses to boot
 * with a message that names every bad variable.
 */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const source: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    // An empty variable means "not set", so the default applies.
    if (value !== '' && value !== undefined) source[key] = value;
  }
  const config = plainToInstance(EnvironmentVariables, source, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}=${JSON.stringify(source[e.property] ?? null)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new Error(`Invalid configuration, refusing to start:\n${lines.join('\n')}`);
  }
  return config;
}
