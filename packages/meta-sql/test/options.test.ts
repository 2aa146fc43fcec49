import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  DriverNotInstalledError,
  ebonitePlugin,
  parseUrl,
  redactUrl,
  SqlMetadataRepository,
  sqlMetadata,
} from '../src/index.js';
import { loadDriver } from '../src/load-driver.js';

describe('connection URLs', () => {
  it('reads SQLite files, memory and server URLs, with SQLAlchemy driver suffixes', () => {
    expect(parseUrl('sqlite:///abs/path.db')).toEqual({
      dialect: 'sqlite',
      filename: '/abs/path.db',
    });
    expect(parseUrl('sqlite:////abs/path.db')).toEqual({
      dialect: 'sqlite',
      filename: '/abs/path.db',
    });
    expect(parseUrl('sqlite:rel/reg.db')).toEqual({
      dialect: 'sqlite',
      filename: resolve('rel/reg.db'),
    });
    expect(parseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseUrl('sqlite://')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseUrl('postgres://u:p@h:5432/db')).toEqual({
      dialect: 'postgres',
      url: 'postgres://u:p@h:5432/db',
    });
    expect(parseUrl('postgresql+psycopg2://u@h/db')).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(parseUrl('mysql+pymysql://root@h/db')).toEqual({
      dialect: 'mysql',
      url: 'mysql://root@h/db',
    });
    expect(parseUrl('mariadb://root@h/db')).toEqual({ dialect: 'mysql', url: 'mysql://root@h/db' });
  });

  it('rejects unknown schemes and server URLs without a host, without echoing the password', () => {
    expect(() => parseUrl('oracle://u:hunter2@h/db')).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_INPUT',
        message: expect.not.stringContaining('hunter2'),
      }),
    );
    expect(() => parseUrl('postgres:db')).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(() => parseUrl('')).toThrow(expect.objectContaining({ code: 'E_INVALID_INPUT' }));
  });

  it('redacts passwords in the user info and in a password parameter', () => {
    expect(redactUrl('postgres://user:hunter2@h:5432/db')).toBe('postgres://user:***@h:5432/db');
    expect(redactUrl('postgres://user:p@ss/w:rd@h/db')).toBe('postgres://user:***@h/db');
    expect(redactUrl('mysql://root@h/db?password=hunter2&ssl=true')).toBe(
      'mysql://root@h/db?password=***&ssl=true',
    );
    expect(redactUrl('postgres://user@h/db')).toBe('postgres://user@h/db');
    expect(redactUrl('sqlite:///a/b@c.db')).toBe('sqlite:///a/b@c.db');
  });
});

describe('options and plugin', () => {
  it('exports the class with its type strings, and lists them in package.json', () => {
    expect(SqlMetadataRepository.type).toBe('sqlalchemy');
    expect(Object.keys(ebonitePlugin.metadata ?? {})).toEqual(['sqlalchemy', 'sql']);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.ebonite).toEqual({ metadata: ['sqlalchemy', 'sql'] });
    const repo = sqlMetadata({ url: 'sqlite::memory:' });
    expect([repo.type, repo.specificationVersion, repo.dialect]).toEqual([
      'sqlalchemy',
      'v2',
      'sqlite',
    ]);
  });

  it('getConfig returns the URL exactly as given, and only the options the user set', () => {
    const url = 'postgres://me:their-own-password@127.0.0.1:1/db';
    expect(sqlMetadata({ url }).getConfig()).toEqual({ url });
    expect(
      sqlMetadata({
        url,
        schema: 'reg',
        tablePrefix: 'eb_',
        timeoutMs: 500,
        poolSize: 3,
      }).getConfig(),
    ).toEqual({ url, schema: 'reg', tablePrefix: 'eb_', timeoutMs: 500, poolSize: 3 });
  });

  it('checks JSON options of the plugin types', () => {
    expect(() => ebonitePlugin.metadata!.sql!({ url: 'sqlite::memory:', timeoutMs: -1 })).toThrow(
      /timeoutMs/,
    );
    expect(() => ebonitePlugin.metadata!.sql!({ url: 'sqlite::memory:', tablePrefix: 3 })).toThrow(
      /tablePrefix/,
    );
    expect(() => sqlMetadata({ url: 'sqlite::memory:', poolSize: 0 })).toThrow(/poolSize/);
  });

  it('infers the dialect of an injected Kysely instance, or asks for it', async () => {
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    });
    expect(sqlMetadata({ db }).dialect).toBe('sqlite');
    const custom = Object.create(db, {
      getExecutor: { value: () => ({ adapter: {} }) },
    }) as Kysely<any>;
    expect(() => sqlMetadata({ db: custom })).toThrow(/dialect/);
    expect(sqlMetadata({ db: custom, dialect: 'sqlite' }).dialect).toBe('sqlite');
    await db.destroy();
  });

  it('a driver that is not installed gives DriverNotInstalledError naming the package', async () => {
    const error = await loadDriver('ebonite-no-such-driver', 'PostgreSQL').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverNotInstalledError);
    expect(error).toMatchObject({
      code: 'E_PLUGIN_NOT_INSTALLED',
      packageName: 'ebonite-no-such-driver',
      message: expect.stringContaining('npm install ebonite-no-such-driver'),
    });
    expect((await loadDriver<{ Pool: unknown }>('pg', 'PostgreSQL')).Pool).toBeTypeOf('function');
  });
});
