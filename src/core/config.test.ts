import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePostgresUrl, parsePort, portFromEnv, storeConfigFromEnv } from './config.js';
import { InputError } from './errors.js';

describe('storeConfigFromEnv', () => {
  it.each([
    [{}, { kind: 'pglite', dataDir: '/work/x/.ospo' }],
    [{ OSPO_DATA_DIR: 'data' }, { kind: 'pglite', dataDir: '/work/x/data' }],
    [{ OSPO_DATA_DIR: '/abs/dir' }, { kind: 'pglite', dataDir: '/abs/dir' }],
    [
      { DATABASE_URL: 'postgres://u@h/db', OSPO_DATA_DIR: 'ignored' },
      { kind: 'postgres', url: 'postgres://u@h/db' },
    ],
    [{ DATABASE_URL: '  ' }, { kind: 'pglite', dataDir: '/work/x/.ospo' }],
  ])('%j gives %j', (env, expected) => {
    expect(storeConfigFromEnv(env, '/work/x')).toEqual(expected);
  });

  it.each(['not a url', 'mysql://u@h/db', 'http://h/db'])(
    'rejects DATABASE_URL=%s with ERR_OSPO_CONFIG',
    (url) => {
      expect(() => storeConfigFromEnv({ DATABASE_URL: url })).toThrow(InputError);
      try {
        storeConfigFromEnv({ DATABASE_URL: url });
      } catch (error) {
        expect((error as InputError).code).toBe('ERR_OSPO_CONFIG');
      }
    },
  );
});

describe('describePostgresUrl', () => {
  it('keeps host, port and database and drops the credentials', () => {
    expect(describePostgresUrl('postgres://alice:pw@db.example:6543/ospo')).toBe('db.example:6543/ospo');
    expect(describePostgresUrl('postgresql://h/x')).toBe('h:5432/x');
  });

  it('never contains the password, whatever it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{6,30}$/), (password) => {
        const url = `postgres://user:${password}@host.example:5432/db`;
        expect(describePostgresUrl(url)).not.toContain(password);
      }),
    );
  });
});

describe('ports', () => {
  it('accepts 0-65535 and refuses anything else', () => {
    expect(parsePort('0', 'x')).toBe(0);
    expect(parsePort('65535', 'x')).toBe(65535);
    for (const bad of ['-1', '65536', '1.5', 'http', ''])
      expect(() => parsePort(bad, 'x')).toThrow(InputError);
    expect(portFromEnv({})).toBe(7070);
    expect(portFromEnv({ OSPO_PORT: '8080' })).toBe(8080);
  });
});
