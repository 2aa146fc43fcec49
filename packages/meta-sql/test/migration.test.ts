import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newId } from '@ebonite/core/plugin';
import Database from 'better-sqlite3';
import { Kysely, Migrator, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type SqlMetadataUrlOptions, sqlMetadata } from '../src/index.js';
import { migrations } from '../src/migrations.js';
import { tableNames } from '../src/tables.js';
import type { SqlDialectName } from '../src/url.js';
import { mysqlTestDatabase, mysqlUnavailable } from './helpers/mysql.js';
import { postgresUnavailable, testDatabase } from './helpers/postgres.js';
import { describeService, runName } from './helpers/services.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'fixtures', 'migrate-child.mjs');
const run = promisify(execFile);
const PROCESSES = 4;
const PER_PROCESS = 5;

if (!existsSync(join(here, '..', 'dist', 'index.js')))
  throw new Error('Build @ebonite/meta-sql first: the child processes use dist/.');

/**
 * Writes what the previous release wrote: its only migration (0001_initial, run by kysely's Migrator
 * as that release did) and rows in its shape, among them models named "v1" and "v3" by hand.
 */
async function previousRelease(db: Kysely<any>, dialect: SqlDialectName, schema?: string) {
  const target = { dialect, names: tableNames(), schema };
  const { '0001_initial': initial } = migrations(target);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ '0001_initial': initial! }) },
    migrationTableName: 'ebonite_migration',
    migrationLockTableName: 'ebonite_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  const scoped = schema ? db.withSchema(schema) : db;
  const date = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
  const project = { id: newId(), name: 'old-project', author: 'old', creation_date: date(0) };
  const task = {
    id: newId(),
    name: 'old-task',
    author: 'old',
    creation_date: date(1),
    project_id: project.id,
  };
  await scoped.insertInto('projects').values(project).execute();
  await scoped.insertInto('tasks').values(task).execute();
  const names = ['v1', 'v3', 'resnet', 'model_%'];
  for (const [i, name] of names.entries())
    await scoped
      .insertInto('models')
      .values({
        id: newId(),
        name,
        author: 'old',
        creation_date: date(2 + i),
        task_id: task.id,
        description: `written by the previous release ${i}`,
        params: JSON.stringify({ old: true, i, nested: { x: 1 } }),
        requirements: '[]',
        artifacts: '[]',
        wrapper: null,
      })
      .execute();
  return { task, names };
}

/** Migrates a database of the previous release from 4 processes at once and checks nothing was lost. */
async function migrateFromProcesses(
  db: Kysely<any>,
  dialect: SqlDialectName,
  options: SqlMetadataUrlOptions,
  schema?: string,
) {
  const { task, names } = await previousRelease(db, dialect, schema);
  const results = await Promise.all(
    Array.from({ length: PROCESSES }, async (_, index) => {
      const { stdout } = await run(
        process.execPath,
        [child, JSON.stringify({ options, taskId: task.id, count: PER_PROCESS, index })],
        { timeout: 90_000 },
      );
      return JSON.parse(stdout) as { versions: number[]; found: string[]; errors: string[] };
    }),
  );
  expect(
    results.flatMap((r) => r.errors),
    'errors in the processes',
  ).toEqual([]);
  const versions = results.flatMap((r) => r.versions).sort((a, b) => a - b);
  // v1 and v3 were taken by hand: the allocator skips them
  const total = PROCESSES * PER_PROCESS;
  const expected = Array.from({ length: total + 2 }, (_, i) => i + 1).filter(
    (n) => n !== 1 && n !== 3,
  );
  expect(versions, 'versions allocated across the processes').toEqual(expected);
  for (const r of results)
    expect(r.found, 'the old models found by a param search').toEqual([
      'model_%',
      'resnet',
      'v1',
      'v3',
    ]);
  const scoped = schema ? db.withSchema(schema) : db;
  const applied = await scoped
    .selectFrom('ebonite_migration')
    .select('name')
    .orderBy('name')
    .execute();
  expect(
    applied.map((r) => r.name),
    'each migration applied once',
  ).toEqual(['0001_initial', '0002_registry']);
  const repo = sqlMetadata(options);
  try {
    const models = await repo.getModels(task.id);
    expect(models).toHaveLength(names.length + total);
    for (const name of names) {
      const old = await repo.getModelByName(task.id, name);
      expect(old, `old model ${name}`).toMatchObject({
        name,
        version: null,
        tags: {},
        author: 'old',
      });
      expect(old?.params).toEqual({ old: true, i: names.indexOf(name), nested: { x: 1 } });
    }
    expect((await repo.getTaskById(task.id))?.tags, 'an old task has no tags').toEqual({});
  } finally {
    await repo.close();
  }
}

describe('migration: sqlite file written by the previous release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebonite-meta-sql-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it(`${PROCESSES} processes starting at once migrate it once and lose nothing`, async () => {
    const file = join(dir, 'old.db');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      await migrateFromProcesses(db, 'sqlite', { url: `sqlite://${file}` });
    } finally {
      await db.destroy();
    }
  }, 120_000);
});

const pgUnavailable = await postgresUnavailable();
const pgUrl = pgUnavailable ? '' : await testDatabase();
describeService('migration: postgres', pgUnavailable, () => {
  it(`${PROCESSES} processes starting at once migrate a schema of the previous release once and lose nothing`, async () => {
    const schema = runName('migr');
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 2 }) }),
    });
    try {
      await sql`create schema ${sql.id(schema)}`.execute(db);
      await migrateFromProcesses(db, 'postgres', { url: pgUrl, schema }, schema);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});

const myUnavailable = await mysqlUnavailable();
const my = myUnavailable ? { name: '', url: '' } : await mysqlTestDatabase();
describeService('migration: mysql', myUnavailable, () => {
  it(`${PROCESSES} processes starting at once migrate a database of the previous release once and lose nothing`, async () => {
    const db = new Kysely<any>({
      dialect: new MysqlDialect({ pool: createPool({ uri: my.url, connectionLimit: 2 }) }),
    });
    try {
      await migrateFromProcesses(db, 'mysql', { url: my.url });
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
