import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { Ebonite } from '@ebonite/core';
import { newId, nowIso } from '@ebonite/core/plugin';
import { clientTests, metadataRepositoryTests } from '@ebonite/test-suite';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlMetadata } from '../src/index.js';
import {
  mysqlAdmin,
  mysqlDirect,
  mysqlReadBack,
  mysqlTestDatabase,
  mysqlUnavailable,
} from './helpers/mysql.js';
import { closedPort } from './helpers/net.js';
import { describeService, runName } from './helpers/services.js';
import { sqlChecks } from './helpers/sql-checks.js';

const unavailable = await mysqlUnavailable();
const database = unavailable ? { name: '', url: 'mysql://unavailable' } : await mysqlTestDatabase();
const { url } = database;
const SECRET = 'Sup3r-S3cret-pw';

const suiteFactory = fileURLToPath(new URL('./fixtures/suite-factory.mjs', import.meta.url));

describeService('mysql', unavailable, () => {
  const plain = mysqlDirect(url);
  const layout = { schema: runName('ebonite_s'), prefix: 'eb_' };
  const scoped = mysqlDirect(url, layout);
  afterAll(async () => {
    await mysqlAdmin(`drop database if exists ${layout.schema}`);
  });

  metadataRepositoryTests({
    name: 'mysql',
    create: async () => sqlMetadata({ url }),
    readBack: mysqlReadBack(plain),
    capabilities: { persistent: true },
    processes: { module: suiteFactory, args: { url } },
  });
  metadataRepositoryTests({
    name: 'mysql, schema (database) and tablePrefix',
    create: async () => sqlMetadata({ url, schema: layout.schema, tablePrefix: layout.prefix }),
    readBack: mysqlReadBack(scoped),
    capabilities: { persistent: true },
  });
  clientTests({
    name: 'client on mysql metadata',
    create: async () => new Ebonite(sqlMetadata({ url }), inMemoryArtifacts()),
  });
  describe('mysql: sql checks', () =>
    sqlChecks(
      async () => sqlMetadata({ url }),
      () => plain,
    ));
  describe('mysql: sql checks, schema and tablePrefix', () =>
    sqlChecks(
      async () => sqlMetadata({ url, schema: layout.schema, tablePrefix: layout.prefix }),
      () => scoped,
    ));

  describe('mysql specifics', () => {
    it('creates InnoDB utf8mb4 tables with a binary no-pad collation, unique keys, foreign keys and indexes', async () => {
      const repo = sqlMetadata({ url });
      await repo.getProjects();
      await repo.close();
      const tables = await plain.query(
        'select table_name as t, engine as e, table_collation as c from information_schema.tables where table_schema = ? order by table_name',
        [database.name],
      );
      const collation = (
        await plain.query(
          "select collation_name as c from information_schema.collations where collation_name in ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin')",
        )
      )[0]?.c;
      for (const table of [
        'projects',
        'tasks',
        'models',
        'version_counters',
        'aliases',
        'alias_history',
        'model_terms',
      ])
        expect(tables).toContainEqual({ t: table, e: 'InnoDB', c: collation });
      const keys = await plain.query(
        'select index_name as i from information_schema.statistics where table_schema = ? and table_name = ? group by index_name order by index_name',
        [database.name, 'models'],
      );
      expect(keys.map((r) => r.i)).toEqual([
        'models_creation_date_id_idx',
        'models_name_creation_date_id_idx',
        'models_project_id_creation_date_id_idx',
        'models_task_id_creation_date_id_idx',
        'models_task_id_id_idx',
        'models_task_id_name_key',
        'PRIMARY',
      ]);
      const fks = await plain.query(
        'select constraint_name as n from information_schema.referential_constraints where constraint_schema = ? order by constraint_name',
        [database.name],
      );
      expect(fks.map((r) => String(r.n)).sort()).toEqual([
        'alias_history_task_id_fkey',
        'aliases_model_id_fkey',
        'aliases_task_id_fkey',
        'model_terms_model_id_fkey',
        'models_task_id_fkey',
        'tasks_project_id_fkey',
        'version_counters_task_id_fkey',
      ]);
    });

    it('stores 4-byte characters (utf8mb4) and compares names byte for byte', async () => {
      const repo = sqlMetadata({ url });
      const names = ['Ünïcode 🚀', 'ünïcode 🚀', 'e\u0301', '\u00e9', 'ss', 'ß'].map(
        (n) => `${n}-${newId()}`,
      );
      for (const name of names)
        await repo.createProject({ id: newId(), name, author: '🧪', creationDate: nowIso() });
      for (const name of names) expect((await repo.getProjectByName(name))?.name).toBe(name);
      const rows = await plain.query(
        `select name, hex(author) as h from projects where name in (${names.map(() => '?').join(', ')})`,
        names,
      );
      expect(rows).toHaveLength(names.length);
      expect(rows[0]?.h).toBe('F09FA7AA');
      await repo.close();
    });

    it('a connection killed in the middle of a write gives ConnectionError; the next calls work', async () => {
      const repo = sqlMetadata({ url, poolSize: 2 });
      await repo.getProjects();
      const blocker = await mysqlDirect(url).connection();
      const project = { id: newId(), name: `lost-${newId()}`, author: 'a', creationDate: nowIso() };
      await blocker.query('lock tables projects write');
      const pending = repo.createProject(project);
      pending.catch(() => {});
      let id: number | undefined;
      for (let i = 0; i < 250 && id === undefined; i++) {
        const rows = await plain.query(
          "select id from information_schema.processlist where db = ? and state like '%lock%' and info like 'insert%'",
          [database.name],
        );
        id = rows[0]?.id as number | undefined;
        if (id === undefined) await sleep(20);
      }
      expect(id, 'the blocked connection').toBeDefined();
      await plain.query(`kill ${Number(id)}`);
      const error = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'E_CONNECTION', cause: expect.anything() });
      await blocker.query('unlock tables');
      expect(await repo.createProject(project)).toEqual(project);
      expect(await repo.getProjectById(project.id)).toEqual(project);
      await repo.deleteProject(project.id);
      await repo.close();
    });

    it('an unreachable server gives ConnectionError without the password', async () => {
      const port = await closedPort();
      const repo = sqlMetadata({ url: `mysql://root:${SECRET}@127.0.0.1:${port}/db` });
      const error = await repo.getProjects().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'E_CONNECTION',
        message: expect.stringContaining(`127.0.0.1:${port}`),
      });
      const cause = (error as { cause?: Error }).cause;
      for (const text of [String(error), (error as Error).stack, String(cause), cause?.stack])
        expect(text).not.toContain(SECRET);
      await repo.close();
    });

    it('a refused login gives ConnectionError without the password', async () => {
      const wrong = new URL(url);
      wrong.username = runName('nobody');
      wrong.password = SECRET;
      const repo = sqlMetadata({ url: wrong.toString() });
      const error = await repo.getProjects().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'E_CONNECTION' });
      const cause = (error as { cause?: Error }).cause;
      for (const text of [
        String(error),
        (error as Error).stack,
        String(cause),
        cause?.stack,
        JSON.stringify(cause),
      ])
        expect(text).not.toContain(SECRET);
      await repo.close();
    });
  });
});
