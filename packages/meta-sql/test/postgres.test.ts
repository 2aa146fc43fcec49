import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { Ebonite } from '@ebonite/core';
import { newId, nowIso } from '@ebonite/core/plugin';
import { clientTests, metadataRepositoryTests } from '@ebonite/test-suite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sqlMetadata } from '../src/index.js';
import { closedPort, silentServer, tcpProxy } from './helpers/net.js';
import {
  postgresDirect,
  postgresReadBack,
  postgresUnavailable,
  testDatabase,
} from './helpers/postgres.js';
import { describeService, runName } from './helpers/services.js';
import { sqlChecks } from './helpers/sql-checks.js';

const unavailable = await postgresUnavailable();
const url = unavailable ? 'postgres://unavailable' : await testDatabase();
const SECRET = 'Sup3r-S3cret-pw';

function expectNoSecret(error: unknown) {
  const cause = (error as { cause?: Error }).cause;
  for (const text of [
    String(error),
    (error as Error).stack,
    String(cause),
    cause?.stack,
    JSON.stringify(cause ?? {}),
  ])
    expect(text ?? '').not.toContain(SECRET);
}

const suiteFactory = fileURLToPath(new URL('./fixtures/suite-factory.mjs', import.meta.url));

describeService('postgres', unavailable, () => {
  const plain = postgresDirect(url);
  const layout = { schema: 'ebonite_s', prefix: 'eb_' };
  const scoped = postgresDirect(url, layout);

  metadataRepositoryTests({
    name: 'postgres',
    create: async () => sqlMetadata({ url }),
    readBack: postgresReadBack(plain),
    capabilities: { persistent: true },
    processes: { module: suiteFactory, args: { url } },
  });
  metadataRepositoryTests({
    name: 'postgres, schema and tablePrefix',
    create: async () => sqlMetadata({ url, schema: layout.schema, tablePrefix: layout.prefix }),
    readBack: postgresReadBack(scoped),
    capabilities: { persistent: true },
  });
  clientTests({
    name: 'client on postgres metadata',
    create: async () => new Ebonite(sqlMetadata({ url }), inMemoryArtifacts()),
  });
  describe('postgres: sql checks', () =>
    sqlChecks(
      async () => sqlMetadata({ url }),
      () => plain,
    ));
  describe('postgres: sql checks, schema and tablePrefix', () =>
    sqlChecks(
      async () => sqlMetadata({ url, schema: layout.schema, tablePrefix: layout.prefix }),
      () => scoped,
    ));

  describe('postgres specifics', () => {
    it('creates the unique constraints, foreign keys and look-up indexes', async () => {
      for (const repo of [
        sqlMetadata({ url }),
        sqlMetadata({ url, schema: layout.schema, tablePrefix: layout.prefix }),
      ]) {
        await repo.getProjects();
        await repo.close();
      }
      const indexes = await plain.query(
        "select indexname from pg_indexes where schemaname = 'public' and tablename in ('projects', 'tasks', 'models', 'version_counters', 'aliases', 'alias_history', 'model_terms') order by indexname",
      );
      expect(indexes.map((r) => r.indexname)).toEqual([
        'alias_history_pkey',
        'alias_history_task_id_alias_idx',
        'aliases_model_id_idx',
        'aliases_pkey',
        'model_terms_hash_creation_date_idx',
        'model_terms_hash_name_idx',
        'model_terms_pkey',
        'models_creation_date_id_idx',
        'models_name_creation_date_id_idx',
        'models_pkey',
        'models_project_id_creation_date_id_idx',
        'models_project_id_name_creation_date_id_idx',
        'models_task_id_creation_date_id_idx',
        'models_task_id_id_idx',
        'models_task_id_name_key',
        'projects_name_key',
        'projects_pkey',
        'tasks_pkey',
        'tasks_project_id_id_idx',
        'tasks_project_id_name_key',
        'version_counters_pkey',
      ]);
      const keys = await scoped.query(
        "select conname from pg_constraint where contype = 'f' and connamespace = 'ebonite_s'::regnamespace order by conname",
      );
      expect(keys.map((r) => r.conname)).toEqual([
        'eb_alias_history_task_id_fkey',
        'eb_aliases_model_id_fkey',
        'eb_aliases_task_id_fkey',
        'eb_model_terms_model_id_fkey',
        'eb_models_task_id_fkey',
        'eb_tasks_project_id_fkey',
        'eb_version_counters_task_id_fkey',
      ]);
    });

    it("without a schema option, uses the connection's own schema even when another schema has ebonite tables", async () => {
      const other = sqlMetadata({ url, schema: runName('ebonite_other') });
      await other.getProjects();
      await other.close();
      const own = runName('ebonite_own');
      await plain.query(`create schema ${own}`);
      const repo = sqlMetadata({
        url: `${url}?options=${encodeURIComponent(`-c search_path=${own}`)}`,
      });
      const project = { id: newId(), name: `own-${newId()}`, author: 'a', creationDate: nowIso() };
      await repo.createProject(project);
      await repo.close();
      const rows = await plain.query(`select name from "${own}"."projects"`);
      expect(rows).toEqual([{ name: project.name }]);
      expect(await plain.query(`select name from "${own}"."ebonite_migration"`)).toEqual([
        { name: '0001_initial' },
        { name: '0002_registry' },
      ]);
    });

    it('works on an injected Kysely instance and leaves it open', async () => {
      const db = new Kysely<any>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
      });
      const repo = sqlMetadata({ db });
      expect(repo.dialect).toBe('postgres');
      expect(repo.getConfig()).toBeUndefined();
      const project = {
        id: newId(),
        name: `injected-${newId()}`,
        author: 'a',
        creationDate: nowIso(),
      };
      await repo.createProject(project);
      await repo.close();
      expect(
        await db
          .selectFrom('projects')
          .select('name')
          .where('id', '=', project.id)
          .executeTakeFirst(),
      ).toEqual({ name: project.name });
      await db.destroy();
    });

    it('rejects U+0000, which PostgreSQL text cannot hold, with InvalidInputError', async () => {
      const repo = sqlMetadata({ url });
      await expect(
        repo.createProject({
          id: newId(),
          name: 'nul',
          author: 'a\u0000b',
          creationDate: nowIso(),
        }),
      ).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
      await repo.close();
    });

    it('a connection lost in the middle of a write gives ConnectionError; the next calls work', async () => {
      const app = runName('ebonite_lost');
      const repo = sqlMetadata({ url: `${url}?application_name=${app}`, poolSize: 2 });
      await repo.getProjects();
      const blocker = new pg.Client({ connectionString: url });
      await blocker.connect();
      const project = { id: newId(), name: `lost-${newId()}`, author: 'a', creationDate: nowIso() };
      try {
        await blocker.query('begin');
        await blocker.query('lock table projects in access exclusive mode');
        const pending = repo.createProject(project);
        pending.catch(() => {});
        let pid: number | undefined;
        for (let i = 0; i < 250 && pid === undefined; i++) {
          pid = (
            await plain.query(
              "select pid from pg_stat_activity where application_name = ? and wait_event_type = 'Lock'",
              [app],
            )
          )[0]?.pid as number | undefined;
          if (pid === undefined) await sleep(20);
        }
        expect(pid, 'the blocked backend').toBeDefined();
        await plain.query('select pg_terminate_backend(?)', [pid]);
        const error = await pending.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'E_CONNECTION', cause: expect.anything() });
        await blocker.query('rollback');
      } finally {
        await blocker.end();
      }
      expect(await repo.createProject(project)).toEqual(project);
      // idle connections killed too: the pool drops them and the next call reconnects
      await plain.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?',
        [app],
      );
      await sleep(100);
      expect(await repo.getProjectById(project.id)).toEqual(project);
      await repo.deleteProject(project.id);
      await repo.close();
    });

    it('an operation chosen as a deadlock victim is run again and succeeds', async () => {
      const app = runName('ebonite_deadlock');
      const repo = sqlMetadata({
        url: `${url}?application_name=${app}&options=${encodeURIComponent('-c deadlock_timeout=100ms')}`,
      });
      const project = await repo.createProject({
        id: newId(),
        name: `deadlock-${newId()}`,
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
      const other = new pg.Client({
        connectionString: `${url}?options=${encodeURIComponent('-c deadlock_timeout=10s')}`,
      });
      await other.connect();
      try {
        await other.query('begin');
        await other.query("update models set author = 'other' where id = $1", [model.id]);
        const pending = repo.deleteTask(task.id, { cascade: true }); // locks the task, then waits for the model row
        pending.catch(() => {});
        let waiting = false;
        for (let i = 0; i < 250 && !waiting; i++) {
          waiting =
            (
              await plain.query(
                "select 1 from pg_stat_activity where application_name = ? and wait_event_type = 'Lock'",
                [app],
              )
            ).length > 0;
          if (!waiting) await sleep(20);
        }
        expect(waiting, 'deleteTask waits for the model row').toBe(true);
        await other.query('select id from tasks where id = $1 for update', [task.id]); // closes the cycle; the repository's transaction is the victim
        await other.query('rollback');
        await pending;
      } finally {
        await other.end();
      }
      expect(await repo.getTaskById(task.id)).toBeNull();
      expect(await repo.getModelById(model.id)).toBeNull();
      await repo.deleteProject(project.id);
      await repo.close();
    });

    it('an unreachable server gives ConnectionError without the password; the repository recovers when it is back', async () => {
      const port = await closedPort();
      const target = new URL(url);
      target.host = `127.0.0.1:${port}`;
      target.password = SECRET;
      const repo = sqlMetadata({ url: target.toString() });
      const error = await repo.getProjects().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'E_CONNECTION',
        message: expect.stringContaining(`127.0.0.1:${port}`),
      });
      expect(error).toMatchObject({ cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
      expectNoSecret(error);
      expect(repo.getConfig()).toEqual({ url: target.toString() });
      const server = new URL(url);
      const proxy = await tcpProxy(port, {
        host: server.hostname,
        port: Number(server.port || 5432),
      });
      try {
        expect(
          Array.isArray(await repo.getProjects()),
          'the next call, once the server is reachable',
        ).toBe(true);
      } finally {
        await repo.close();
        await proxy.close();
      }
    });

    it('a server that never answers gives ConnectionError after timeoutMs', async () => {
      const silent = await silentServer();
      try {
        const repo = sqlMetadata({
          url: `postgres://postgres:${SECRET}@127.0.0.1:${silent.port}/db`,
          timeoutMs: 300,
        });
        const started = Date.now();
        const error = await repo.getProjects().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'E_CONNECTION' });
        expect(Date.now() - started).toBeLessThan(5000);
        expectNoSecret(error);
        await repo.close();
      } finally {
        await silent.close();
      }
    });

    it('a server error with credentials in the URL keeps them out of messages and causes', async () => {
      const missing = new URL(url);
      missing.password = SECRET;
      missing.pathname = `/${runName('ebonite_absent')}`;
      const repo = sqlMetadata({ url: missing.toString() });
      const error = await repo.getProjects().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'E_CONNECTION',
        cause: expect.objectContaining({ code: '3D000' }),
      });
      expect((error as Error).message).toContain(
        `PostgreSQL at 127.0.0.1:${missing.port || 5432}${missing.pathname}`,
      );
      expectNoSecret(error);
      await repo.close();
    });
  });
});
