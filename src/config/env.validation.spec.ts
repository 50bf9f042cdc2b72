import { validateEnv } from './env.validation';

describe('validateEnv', () => {
  it('runs with nothing set: SQLite at data/thiolab.sqlite on port 3000', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      SQLITE_PATH: 'data/thiolab.sqlite',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SQLITE_CACHE_MB).toBe(64);
  });

  it('reads SQLITE_CACHE_MB and refuses a cache under 1 MiB', () => {
    expect(validateEnv({ SQLITE_CACHE_MB: '256' }).SQLITE_CACHE_MB).toBe(256);
    expect(() => validateEnv({ SQLITE_CACHE_MB: '0' })).toThrow(/SQLITE_CACHE_MB/);
  });

  it('converts numbers and treats empty variables as unset', () => {
    const env = validateEnv({ PORT: '8080', DATABASE_URL: '' });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('accepts a PostgreSQL URL', () => {
    expect(validateEnv({ DATABASE_URL: 'postgres://u@localhost:5432/lims' }).DATABASE_URL).toBe(
      'postgres://u@localhost:5432/lims',
    );
  });

  it('refuses to boot naming every bad variable', () => {
    expect(() =>
      validateEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    ).toThrow(/PORT="eighty"[\s\S]*DATABASE_URL="mysql:\/\/x"[\s\S]*LOG_LEVEL="loud"/);
    expect(() => validateEnv({ PORT: '70000' })).toThrow(/PORT/);
  });
});
