import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SqlMetadataUrlOptions } from '../src/index.js';
import { mysqlDirect, mysqlTestDatabase, mysqlUnavailable } from './helpers/mysql.js';
import { postgresDirect, postgresUnavailable, testDatabase } from './helpers/postgres.js';
import { describeService, runName } from './helpers/services.js';
import type { DirectSql } from './helpers/sql-checks.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'fixtures', 'push-child.mjs');
const PROCESSES = 4;
const SHARED = 10;
const run = promisify(execFile);

if (!existsSync(join(here, '..', 'dist', 'index.js')))
  throw new Error(
    'Build @ebonite/meta-sql first (pnpm --filter @ebonite/meta-sql build): the child processes use dist/.',
  );

interface ChildResult {
  created: number;
  sharedWon: number;
  sharedLost: number;
  unexpected: string[];
}

/** Starts the processes at the same moment on a fresh store, then checks every row through `direct`. */
async function pushFromProcesses(
  options: SqlMetadataUrlOptions,
  count: number,
  direct: () => DirectSql,
) {
  const results = await Promise.all(
    Array.from({ length: PROCESSES }, async (_, index) => {
      const { stdout } = await run(
        process.execPath,
        [child, JSON.stringify({ options, index, count, shared: SHARED })],
        { timeout: 90_000 },
      );
      return JSON.parse(stdout) as ChildResult;
    }),
  );
  expect(
    results.flatMap((r) => r.unexpected),
    'errors other than the expected ExistingModelError',
  ).toEqual([]);
  expect(results.reduce((n, r) => n + r.created, 0)).toBe(PROCESSES * count);
  expect(
    results.reduce((n, r) => n + r.sharedWon, 0),
    'each shared name won exactly once',
  ).toBe(SHARED);
  expect(results.reduce((n, r) => n + r.sharedLost, 0)).toBe((PROCESSES - 1) * SHARED);
  const sql = direct();
  const models = await sql.query(`select name from ${sql.table('models')}`);
  expect(models).toHaveLength(PROCESSES * count + SHARED);
  const names = new Set(models.map((m) => m.name));
  for (let i = 0; i < PROCESSES; i++)
    for (let j = 0; j < count; j++) expect(names.has(`p${i}-m${j}`)).toBe(true);
  expect(await sql.query(`select id from ${sql.table('projects')}`)).toHaveLength(1);
  expect(await sql.query(`select id from ${sql.table('tasks')}`)).toHaveLength(1);
  expect(
    (await sql.query(`select name from ${sql.table('ebonite_migration')}`)).map((r) => r.name),
    'each migration applied once',
  ).toEqual(['0001_initial', '0002_registry']);
}

describe('concurrency: sqlite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebonite-meta-sql-conc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it(`${PROCESSES} processes starting at once on a fresh file push 250 models each into one task`, async () => {
    const file = join(dir, 'shared.db');
    let db: Database.Database | undefined;
    const open = () => {
      db ??= new Database(file);
      return db;
    };
    try {
      await pushFromProcesses({ url: `sqlite://${file}` }, 250, () => ({
        query: async (text) => open().prepare(text).all() as Record<string, unknown>[],
        table: (name) => `"${name}"`,
      }));
    } finally {
      db?.close();
    }
  }, 120_000);
});

const pgUnavailable = await postgresUnavailable();
const pgUrl = pgUnavailable ? '' : await testDatabase();
describeService('concurrency: postgres', pgUnavailable, () => {
  const schema = runName('conc');
  const direct = postgresDirect(pgUrl, { schema });
  it(
    `${PROCESSES} processes starting at once on a fresh schema push 250 models each into one task`,
    () => pushFromProcesses({ url: pgUrl, schema }, 250, () => direct),
    120_000,
  );
});

const myUnavailable = await mysqlUnavailable();
const my = myUnavailable ? { name: '', url: '' } : await mysqlTestDatabase();
describeService('concurrency: mysql', myUnavailable, () => {
  const direct = mysqlDirect(my.url);
  it(
    `${PROCESSES} processes starting at once on a fresh database migrate once and push 25 models each`,
    () => pushFromProcesses({ url: my.url }, 25, () => direct),
    120_000,
  );
});
