import { EboniteError, type NewModelRecord, newId, nowIso } from '@ebonite/core/plugin';
import { expect, it } from 'vitest';
import type { SqlMetadataRepository } from '../../src/index.js';

/** Raw SQL on a separate connection; `?` placeholders on every dialect. */
export interface DirectSql {
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The quoted, qualified name of an ebonite table (with the layout's schema and prefix). */
  table(name: 'projects' | 'tasks' | 'models' | 'ebonite_migration'): string;
}

const model = (
  taskId: string,
  name: string,
  extra: Partial<Omit<NewModelRecord, 'name'>> = {},
): NewModelRecord & { name: string } => ({
  id: newId(),
  name,
  author: 'sql-checks',
  creationDate: nowIso(),
  taskId,
  description: '',
  params: {},
  requirements: [],
  artifacts: [],
  wrapper: null,
  version: null,
  tags: {},
  ...extra,
});

async function fixture(repo: SqlMetadataRepository) {
  const project = await repo.createProject({
    id: newId(),
    name: `p-${newId()}`,
    author: 'sql-checks',
    creationDate: nowIso(),
  });
  const task = await repo.createTask({
    id: newId(),
    name: 'task',
    author: 'sql-checks',
    creationDate: nowIso(),
    projectId: project.id,
  });
  return { project, task };
}

async function count(
  direct: DirectSql,
  table: 'projects' | 'tasks' | 'models',
  column: string,
  value: string,
): Promise<number> {
  const rows = await direct.query(
    `select count(*) as n from ${direct.table(table)} where ${column} = ?`,
    [value],
  );
  return Number(rows[0]?.n);
}

/** SQL-specific checks beyond the conformance suite, run for every dialect and table layout. */
export function sqlChecks(
  create: () => Promise<SqlMetadataRepository>,
  direct: () => DirectSql,
): void {
  it('names differing only in case or trailing spaces are different names at every level', async () => {
    const repo = await create();
    try {
      const base = `n-${newId()}`;
      const names = [base, base.toUpperCase(), `${base} `, `${base}  `];
      for (const name of names)
        await repo.createProject({ id: newId(), name, author: 'a', creationDate: nowIso() });
      for (const name of names) expect((await repo.getProjectByName(name))?.name).toBe(name);
      const { task } = await fixture(repo);
      for (const name of names) await repo.createModel(model(task.id, name));
      expect((await repo.getModels(task.id)).map((m) => m.name)).toEqual(names);
      for (const name of names) expect((await repo.getModelByName(task.id, name))?.name).toBe(name);
    } finally {
      await repo.close();
    }
  });

  it('records schema version 0001_initial exactly once', async () => {
    const rows = await direct().query(`select name from ${direct().table('ebonite_migration')}`);
    expect(rows.map((r) => r.name)).toEqual(['0001_initial', '0002_registry']);
  });

  it('a cascade delete removes the project, its tasks and their models, and nothing else', async () => {
    const repo = await create();
    try {
      const { project, task } = await fixture(repo);
      const other = await fixture(repo);
      for (let i = 0; i < 5; i++) await repo.createModel(model(task.id, `m${i}`));
      await repo.createModel(model(other.task.id, 'kept'));
      await repo.deleteProject(project.id, { cascade: true });
      expect(await count(direct(), 'projects', 'id', project.id)).toBe(0);
      expect(await count(direct(), 'tasks', 'project_id', project.id)).toBe(0);
      expect(await count(direct(), 'models', 'task_id', task.id)).toBe(0);
      expect(await count(direct(), 'models', 'task_id', other.task.id)).toBe(1);
    } finally {
      await repo.close();
    }
  });

  it('a rejected write leaves the rows as they were', async () => {
    const repo = await create();
    try {
      const { task } = await fixture(repo);
      const a = await repo.createModel(model(task.id, 'a', { params: { v: 1 } }));
      const b = await repo.createModel(model(task.id, 'b', { params: { v: 2 } }));
      await expect(repo.updateModel({ ...b, name: 'a', params: { v: 3 } })).rejects.toMatchObject({
        code: 'E_EXISTING_MODEL',
      });
      await expect(repo.createModel(model(task.id, 'a'))).rejects.toMatchObject({
        code: 'E_EXISTING_MODEL',
      });
      const rows = await direct().query(
        `select name, params from ${direct().table('models')} where task_id = ? order by id`,
        [task.id],
      );
      expect(rows.map((r) => [r.name, r.params])).toEqual([
        [a.name, '{"v":1}'],
        [b.name, '{"v":2}'],
      ]);
    } finally {
      await repo.close();
    }
  });

  it('of six writers on three repositories creating one name at once, exactly one wins', async () => {
    const repos = await Promise.all([create(), create(), create()]);
    try {
      const { task } = await fixture(repos[0]!);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => repos[i % 3]!.createModel(model(task.id, 'contested'))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected')
          expect(EboniteError.isInstance(r.reason, 'E_EXISTING_MODEL'), String(r.reason)).toBe(
            true,
          );
      expect(await count(direct(), 'models', 'task_id', task.id)).toBe(1);
    } finally {
      await Promise.all(repos.map((r) => r.close()));
    }
  });

  it('a 1 MiB description and large params round-trip exactly', async () => {
    const repo = await create();
    try {
      const { task } = await fixture(repo);
      const description = '🧪 ε '.repeat(209_715); // just under 1 MiB of UTF-16 units, whole surrogate pairs
      const params = {
        weights: Array.from({ length: 20_000 }, (_, i) => i / 7),
        text: description.slice(0, 1000),
      };
      const created = await repo.createModel(model(task.id, 'big', { description, params }));
      expect(await repo.getModelById(created.id)).toEqual(created);
      expect(created.description).toBe(description);
    } finally {
      await repo.close();
    }
  });

  it('a lone surrogate is rejected with InvalidInputError and nothing is stored', async () => {
    const repo = await create();
    try {
      const { task } = await fixture(repo);
      const bad = model(task.id, 'surrogate', { description: 'half \ud83d pair' });
      await expect(repo.createModel(bad)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
      expect(await repo.getModelById(bad.id)).toBeNull();
    } finally {
      await repo.close();
    }
  });

  it('a closed repository throws ClosedError', async () => {
    const repo = await create();
    await repo.getProjects();
    await repo.close();
    await expect(repo.getProjects()).rejects.toMatchObject({ code: 'E_CLOSED' });
  });

  it('a model row whose JSON was damaged by hand: look-ups throw CorruptedStoreError naming the table and the model, getModels skips it with one warning', async () => {
    const repo = await create();
    const sql = direct();
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      const { task } = await fixture(repo);
      const good = await repo.createModel(model(task.id, 'good'));
      const bad = await repo.createModel(model(task.id, 'hand-edited'));
      await sql.query(`update ${sql.table('models')} set params = ? where id = ?`, [
        '{"lr": 0.1',
        bad.id,
      ]);
      const table = sql.table('models').replace(/["`]/g, '').replace('.', '\\.');
      const naming = expect.objectContaining({
        code: 'E_CORRUPTED_STORE',
        message: expect.stringMatching(
          new RegExp(`${table} .*${bad.id}.*"hand-edited".*params`, 's'),
        ),
      });
      await expect(repo.getModelById(bad.id)).rejects.toEqual(naming);
      await expect(repo.getModelByName(task.id, 'hand-edited')).rejects.toEqual(naming);
      expect((await repo.getModels(task.id)).map((m) => m.id)).toEqual([good.id]);
      expect((await repo.getModels(task.id)).map((m) => m.id)).toEqual([good.id]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.includes(bad.id))).toEqual([
        expect.stringMatching(new RegExp(`${bad.id}.*"hand-edited"`, 's')),
      ]);
      await repo.deleteModel(bad.id);
      expect(await repo.getModelById(bad.id)).toBeNull();
    } finally {
      process.off('warning', listen);
      await repo.close();
    }
  });
}
