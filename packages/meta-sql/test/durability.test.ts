import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ebonitePlugin, type SqlMetadataUrlOptions, sqlMetadata } from '../src/index.js';
import { storeFromOptions } from '../src/store-from-options.js';
import { describeService, MYSQL_URL, PG_URL } from './helpers/services.js';
import { straceUnavailable, syncsOf } from './helpers/strace.js';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ebonite-meta-sql-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sync pragmas of the connection the repository itself opens for `options`. */
async function livePragmas(options: SqlMetadataUrlOptions) {
  const store = storeFromOptions(options);
  try {
    return await store.run('reading the pragmas', async (db) => {
      const read = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
      return {
        journal: await read('journal_mode'),
        synchronous: await read('synchronous'),
        fullfsync: await read('fullfsync'),
      };
    });
  } finally {
    await store.close();
  }
}

describe('SQLite durability', () => {
  const url = `sqlite://${join(dir, 'pragmas.db')}`;

  it('a file opens in WAL mode with synchronous = FULL (and F_FULLFSYNC on macOS) by default', async () => {
    expect(await livePragmas({ url })).toEqual({ journal: 'wal', synchronous: 2, fullfsync: 1 });
    expect(await livePragmas({ url, durability: 'full' })).toEqual({
      journal: 'wal',
      synchronous: 2,
      fullfsync: 1,
    });
  });

  it('durability: "relaxed" opens it with synchronous = NORMAL', async () => {
    expect(await livePragmas({ url, durability: 'relaxed' })).toEqual({
      journal: 'wal',
      synchronous: 1,
      fullfsync: 0,
    });
  });

  it('getConfig gives durability back only when it was set; the plugin takes it from JSON', async () => {
    expect(sqlMetadata({ url }).getConfig()).toEqual({ url });
    expect(sqlMetadata({ url, durability: 'relaxed' }).getConfig()).toEqual({
      url,
      durability: 'relaxed',
    });
    expect(sqlMetadata({ url, durability: 'full' }).getConfig()).toEqual({
      url,
      durability: 'full',
    });
    const repo = await ebonitePlugin.metadata!.sqlalchemy!({ url, durability: 'relaxed' });
    expect(repo.getConfig?.()).toEqual({ url, durability: 'relaxed' });
    await repo.getProjects();
    await repo.close();
  });

  it('a bad value is InvalidConfigError naming the option, the value and the accepted values', () => {
    const bad = expect.objectContaining({
      code: 'E_INVALID_CONFIG',
      message: expect.stringMatching(/durability.*"fast".*"full".*"relaxed"/s),
    });
    expect(() => sqlMetadata({ url, durability: 'fast' as 'full' })).toThrow(bad);
    expect(() => ebonitePlugin.metadata!.sql!({ url, durability: 'fast' })).toThrow(bad);
    expect(() => ebonitePlugin.metadata!.sql!({ url, durability: true })).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_CONFIG',
        message: expect.stringMatching(/durability/),
      }),
    );
  });

  it('on a PostgreSQL or MariaDB URL it is InvalidConfigError: durability is the server setting', () => {
    for (const server of [PG_URL, MYSQL_URL])
      for (const durability of ['full', 'relaxed'] as const)
        expect(() => sqlMetadata({ url: server, durability })).toThrow(
          expect.objectContaining({
            code: 'E_INVALID_CONFIG',
            message: expect.stringMatching(/durability.*SQLite.*server/s),
          }),
        );
  });

  it('with an injected Kysely instance it is InvalidConfigError: the connection is the caller’s', async () => {
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    });
    expect(() => sqlMetadata({ db, durability: 'full' } as never)).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_CONFIG',
        message: expect.stringMatching(/durability.*pragma/is),
      }),
    );
    await db.destroy();
  });

  it('sqlite::memory: accepts it (nothing reaches a disk either way)', async () => {
    const repo = sqlMetadata({ url: 'sqlite::memory:', durability: 'relaxed' });
    expect(await repo.getProjects()).toEqual([]);
    await repo.close();
  });
});

// The pragma above is what SQLite was told; this is what it does: the syscalls of real commits.
describeService('SQLite durability, syncs counted by strace', straceUnavailable(), () => {
  const child = join(here, 'fixtures', 'commit-child.mjs');
  const COMMITS = 40;

  async function walSyncs(name: string, durability?: 'full' | 'relaxed') {
    if (!existsSync(join(here, '..', 'dist', 'index.js')))
      throw new Error('Build @ebonite/meta-sql first: the child process uses dist/.');
    const file = join(dir, `${name}.db`);
    const options = { url: `sqlite://${file}`, ...(durability && { durability }) };
    const syncs = await syncsOf(
      [child, JSON.stringify({ options, count: COMMITS })],
      join(dir, `${name}.strace`),
    );
    return syncs.get(`${file}-wal`) ?? 0;
  }

  it(`by default each of ${COMMITS} commits syncs the WAL before it returns`, async () => {
    // 2 + COMMITS commits (project, task, models), each one fdatasync of the WAL, plus the migration's
    expect(await walSyncs('durable')).toBeGreaterThanOrEqual(COMMITS + 2);
  }, 60_000);

  it(`with durability: "relaxed" the same ${COMMITS} commits sync the WAL only at checkpoints`, async () => {
    expect(await walSyncs('relaxed', 'relaxed')).toBeLessThan(COMMITS / 4);
  }, 60_000);
});
