import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { Ebonite } from '@ebonite/core';
import { newId, nowIso } from '@ebonite/core/plugin';
import { clientTests, metadataRepositoryTests } from '@ebonite/test-suite';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ebonitePlugin, SqlMetadataRepository, sqlMetadata } from '../src/index.js';
import { readBackFrom } from './helpers/read-back.js';
import { type DirectSql, sqlChecks } from './helpers/sql-checks.js';

const suiteFactory = fileURLToPath(new URL('./fixtures/suite-factory.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ebonite-meta-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A plain better-sqlite3 connection of its own on `file`, opened on first use. */
function direct(file: string, prefix = ''): DirectSql & { db(): Database.Database } {
  let db: Database.Database | undefined;
  const open = () => (db ??= new Database(file, { timeout: 5000 }));
  afterAll(() => db?.close());
  return {
    db: open,
    async query(text, params = []) {
      const statement = open().prepare(text);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    table: (name) => `"${prefix}${name}"`,
  };
}

function readBack(sql: DirectSql) {
  return readBackFrom(
    async (table, id) =>
      (await sql.query(`select * from ${sql.table(table)} where id = ?`, [id]))[0],
  );
}

const file = join(dir, 'registry.db');
const url = `sqlite://${file}`;
const plain = direct(file);
const prefixed = direct(file, 'eb_');

metadataRepositoryTests({
  name: 'sqlite file',
  create: async () => sqlMetadata({ url }),
  readBack: readBack(plain),
  capabilities: { persistent: true },
  processes: { module: suiteFactory, args: { url } },
});
metadataRepositoryTests({
  name: 'sqlite file, tablePrefix',
  create: async () => sqlMetadata({ url, tablePrefix: 'eb_' }),
  readBack: readBack(prefixed),
  capabilities: { persistent: true },
});
metadataRepositoryTests({
  name: 'sqlite :memory:',
  create: async () => sqlMetadata({ url: 'sqlite::memory:' }),
});

const injectedFile = join(dir, 'injected.db');
const injected = new Kysely<any>({
  dialect: new SqliteDialect({ database: new Database(injectedFile) }),
});
afterAll(() => injected.destroy());
metadataRepositoryTests({
  name: 'sqlite, injected Kysely (left open by close())',
  create: async () => sqlMetadata({ db: injected }),
  readBack: readBack(direct(injectedFile)),
  capabilities: { persistent: true },
});

clientTests({
  name: 'client on sqlite metadata',
  create: async () => new Ebonite(sqlMetadata({ url }), inMemoryArtifacts()),
});
describe('sqlite: sql checks', () =>
  sqlChecks(
    async () => sqlMetadata({ url }),
    () => plain,
  ));
describe('sqlite: sql checks, tablePrefix', () =>
  sqlChecks(
    async () => sqlMetadata({ url, tablePrefix: 'eb_' }),
    () => prefixed,
  ));

describe('sqlite specifics', () => {
  it('opens files in WAL mode with foreign keys enforced', async () => {
    const repo = sqlMetadata({ url });
    await repo.getProjects();
    await repo.close();
    expect(plain.db().pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = plain
      .db()
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'projects',
        'tasks',
        'models',
        'ebonite_migration',
        'eb_projects',
        'eb_models',
      ]),
    );
    const indexes = plain
      .db()
      .prepare("select name from sqlite_master where type = 'index' and tbl_name = 'models'")
      .pluck()
      .all();
    expect(indexes).toEqual(expect.arrayContaining(['models_task_id_id_idx']));
  });

  it('turns on foreign keys on an injected connection, and never closes it', async () => {
    const database = new Database(':memory:');
    database.pragma('foreign_keys = OFF');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
    const repo = sqlMetadata({ db, dialect: 'sqlite' });
    expect(repo.getConfig()).toBeUndefined();
    await expect(
      repo.createModel({
        id: newId(),
        name: 'm',
        author: 'a',
        creationDate: nowIso(),
        taskId: newId(),
        description: '',
        params: {},
        requirements: [],
        artifacts: [],
        wrapper: null,
        version: null,
        tags: {},
      }),
    ).rejects.toMatchObject({ code: 'E_NON_EXISTING_TASK' });
    await repo.close();
    expect(database.open).toBe(true);
    expect(database.prepare('select count(*) from models').pluck().get()).toBe(0);
    await db.destroy();
  });

  it('getConfig gives the options as given; the plugin makes repositories from JSON options for both type strings', async () => {
    expect(sqlMetadata({ url, tablePrefix: 'eb_' }).getConfig()).toEqual({
      url,
      tablePrefix: 'eb_',
    });
    for (const type of ['sqlalchemy', 'sql']) {
      const repo = await ebonitePlugin.metadata![type]!({ url, tablePrefix: 'eb_' });
      expect(repo).toBeInstanceOf(SqlMetadataRepository);
      expect(repo.type).toBe('sqlalchemy');
      expect(repo.getConfig?.()).toEqual({ url, tablePrefix: 'eb_' });
      expect(Array.isArray(await repo.getProjects())).toBe(true);
      await repo.close();
    }
    expect(() => ebonitePlugin.metadata!.sql!({ url, colour: 'red' })).toThrow(/colour/);
    expect(() => ebonitePlugin.metadata!.sql!({})).toThrow(/url/);
  });

  it('rejects a schema on SQLite and a malformed table prefix', () => {
    expect(() => sqlMetadata({ url, schema: 'x' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(() => sqlMetadata({ url, tablePrefix: 'drop table;' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
  });

  it('a file in a missing folder gives ConnectionError naming the path', async () => {
    const repo = sqlMetadata({ url: `sqlite://${join(dir, 'missing', 'x.db')}` });
    await expect(repo.getProjects()).rejects.toMatchObject({
      code: 'E_CONNECTION',
      message: expect.stringContaining(join(dir, 'missing')),
    });
    await repo.close();
  });

  it('a file that is not a database gives CorruptedStoreError and is left untouched', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'x'.repeat(4096));
    const repo = sqlMetadata({ url: `sqlite://${junk}` });
    await expect(repo.getProjects()).rejects.toMatchObject({ code: 'E_CORRUPTED_STORE' });
    await repo.close();
  });

  it('a model row whose JSON was damaged by hand gives CorruptedStoreError naming the row', async () => {
    const repo = sqlMetadata({ url });
    const project = await repo.createProject({
      id: newId(),
      name: `damaged-${newId()}`,
      author: 'a',
      creationDate: nowIso(),
    });
    const task = await repo.createTask({
      id: newId(),
      name: 't',
      author: 'a',
      creationDate: nowIso(),
      projectId: project.id,
    });
    const model = await repo.createModel({
      id: newId(),
      name: 'm',
      author: 'a',
      creationDate: nowIso(),
      taskId: task.id,
      description: '',
      params: {},
      requirements: [],
      artifacts: [],
      wrapper: null,
      version: null,
      tags: {},
    });
    plain.db().prepare('update models set params = ? where id = ?').run('{not json', model.id);
    await expect(repo.getModelById(model.id)).rejects.toMatchObject({
      code: 'E_CORRUPTED_STORE',
      message: expect.stringContaining(model.id),
    });
    await repo.deleteProject(project.id, { cascade: true });
    await repo.close();
  });

  it('tables migrated by a newer version give CorruptedStoreError asking for an upgrade', async () => {
    const newer = join(dir, 'newer.db');
    const first = sqlMetadata({ url: `sqlite://${newer}` });
    await first.getProjects();
    await first.close();
    const db = new Database(newer);
    db.prepare('insert into ebonite_migration (name, timestamp) values (?, ?)').run(
      '9999_future',
      nowIso(),
    );
    db.close();
    const repo = sqlMetadata({ url: `sqlite://${newer}` });
    await expect(repo.getProjects()).rejects.toMatchObject({
      code: 'E_CORRUPTED_STORE',
      message: expect.stringMatching(/newer.*upgrade/),
    });
    await repo.close();
  });

  it('two repositories on one file in one process interleave transactions without waiting on each other', async () => {
    const [a, b] = [sqlMetadata({ url, timeoutMs: 2000 }), sqlMetadata({ url, timeoutMs: 2000 })];
    const projects = Array.from({ length: 10 }, (_, i) => ({
      id: newId(),
      name: `interleave-${i}-${newId()}`,
      author: 'a',
      creationDate: nowIso(),
    }));
    await Promise.all(projects.map((p, i) => (i % 2 ? a : b).createProject(p)));
    const started = Date.now();
    await Promise.all(
      projects.flatMap((p, i) => [
        (i % 2 ? b : a).updateProject({ ...p, author: 'changed' }),
        (i % 2 ? a : b).getProjectById(p.id),
      ]),
    );
    await Promise.all(
      projects.map((p, i) => (i % 2 ? b : a).deleteProject(p.id, { cascade: true })),
    );
    expect(Date.now() - started).toBeLessThan(1500);
    for (const p of projects) expect(await a.getProjectById(p.id)).toBeNull();
    await Promise.all([a.close(), b.close()]);
  });

  it('a write lock held past timeoutMs gives ConnectionError; the next call works', async () => {
    const repo = sqlMetadata({ url, timeoutMs: 200 });
    await repo.getProjects();
    const blocker = new Database(file, { timeout: 5000 });
    blocker.exec('begin immediate');
    const started = Date.now();
    const project = { id: newId(), name: `busy-${newId()}`, author: 'a', creationDate: nowIso() };
    await expect(repo.createProject(project)).rejects.toMatchObject({
      code: 'E_CONNECTION',
      cause: expect.objectContaining({ code: 'SQLITE_BUSY' }),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    blocker.exec('rollback');
    blocker.close();
    expect(await repo.createProject(project)).toEqual(project);
    await repo.deleteProject(project.id);
    await repo.close();
  });
});
