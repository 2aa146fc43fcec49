import { randomBytes } from 'node:crypto';
import {
  type CreateModelOptions,
  checkRegistry,
  copyRegistry,
  Ebonite,
  EboniteError,
  Model,
  type Task,
} from '@ebonite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './registry-backends.js';

const REQUIRE_SERVICES = process.env.EBONITE_REQUIRE_SERVICES === '1';

async function code(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (!EboniteError.isInstance(error)) throw error;
    return error.code;
  }
}

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

for (const backend of BACKENDS) {
  const unavailable = await backend.unavailable();
  if (unavailable && !REQUIRE_SERVICES) {
    process.stderr.write(`\n[integration] SKIPPED "${backend.name}": ${unavailable}.\n\n`);
    describe.skip(`registry semantics on ${backend.name} (skipped: ${unavailable})`, () => {});
    continue;
  }

  describe(`registry semantics on ${backend.name}`, () => {
    let client: Ebonite;
    let close: () => Promise<void>;
    beforeAll(async () => {
      if (unavailable) throw new Error(`${backend.name}: ${unavailable}`);
      ({ client, close } = await backend.open());
    });
    afterAll(async () => close?.());

    /** A fresh task of its own for each test. */
    const newTask = () => client.getOrCreateTask(unique('p'), 't');
    const push = (task: Task, options: CreateModelOptions = {}) =>
      client.pushModel(
        Model.create({ artifacts: { 'w.bin': Buffer.from('w') }, ...options }),
        task,
      );

    it('versions: unnamed pushes get v1, v2, ...; names taken by hand are skipped; numbers never reused', async () => {
      const task = await newTask();
      const first = await push(task);
      const second = await push(task);
      expect([first.name, first.version, second.name, second.version]).toEqual(['v1', 1, 'v2', 2]);
      const named = await push(task, { name: 'v3' });
      expect(named.version).toBeNull();
      const third = await push(task);
      expect([third.name, third.version]).toEqual(['v4', 4]);
      await client.deleteModel(third);
      expect((await push(task)).name).toBe('v5');
      expect((await client.getModel('v2', task))?.version).toBe(2);
      const once = Model.create({});
      await client.pushModel(once, task);
      const again = await client.pushModel(once, task).catch((e: Error) => e);
      expect(again).toMatchObject({ code: 'E_ALREADY_PUSHED' });
      expect((again as Error).message).toContain('unnamed');
    });

    it('tags: set at creation, merged atomically, null removes; tasks too; limits enforced', async () => {
      const task = await newTask();
      const model = await push(task, { name: 'm', tags: { stage: 'candidate', owner: 'ann' } });
      expect(model.tags).toEqual({ stage: 'candidate', owner: 'ann' });
      const updated = await client.setModelTags(model, {
        stage: 'approved',
        owner: null,
        q: '%_"',
      });
      expect(updated.tags).toEqual({ stage: 'approved', q: '%_"' });
      expect((await client.getModel('m', task))?.tags).toEqual({ stage: 'approved', q: '%_"' });
      const tagged = await client.setTaskTags(task, { team: 'vision' });
      expect(tagged.tags).toEqual({ team: 'vision' });
      const project = (await client.getProjects()).find((p) => p.id === task.projectId)!;
      expect((await client.getTask(project, 't'))?.tags).toEqual({ team: 'vision' });
      expect(await code(client.setModelTags(model, { stage: 'v'.repeat(5001) }))).toBe(
        'E_INVALID_INPUT',
      );
      expect(await code(client.setModelTags(model, { stage: 5 as never }))).toBe('E_INVALID_INPUT');
      expect(await code(client.setModelTags(model, { ['k'.repeat(256)]: 'v' }))).toBe(
        'E_INVALID_INPUT',
      );
      expect(
        (await client.setModelTags(model, { stage: 'v'.repeat(5000) })).tags.stage,
      ).toHaveLength(5000);
    });

    it('aliases: moves, listing, look-ups, paths, history; latest; misuse', async () => {
      const task = await newTask();
      const project = (await client.getProjects()).find((p) => p.id === task.projectId)!;
      const a = await push(task, { name: 'a' });
      const b = await push(task, { name: 'b' });
      await client.setAlias(task, 'production', a);
      const moved = await client.setAlias(task, 'production', b);
      expect(moved).toMatchObject({ alias: 'production', modelId: b.id, modelName: 'b' });
      await client.setAlias(task, 'staging', a);
      const aliases = await client.getAliases(task);
      expect(aliases.map((x) => [x.alias, x.modelName])).toEqual([
        ['production', 'b'],
        ['staging', 'a'],
      ]);
      expect(aliases[0]).toEqual({
        alias: 'production',
        modelId: b.id,
        modelName: 'b',
        updatedAt: expect.any(String),
        author: expect.any(String),
      });
      expect((await client.getModelByAlias(task, 'production'))?.id).toBe(b.id);
      expect(await client.getModelByAlias(task, 'nothing')).toBeNull();
      expect((await client.getModelByPath(`${project.name}/t@production`))?.id).toBe(b.id);
      expect((await client.getModelByPath(`${project.name}/t/a`))?.id).toBe(a.id);
      const c = await push(task);
      expect((await client.getModelByAlias(task, 'latest'))?.id).toBe(c.id);
      expect((await client.getModelByPath(`${project.name}/t@latest`))?.id).toBe(c.id);
      expect(await client.getModelByPath(`${project.name}/nope@latest`)).toBeNull();

      await client.deleteAlias(task, 'production');
      const history = await client.getAliasHistory(task, 'production');
      expect(history.map((e) => [e.modelId, e.previousModelId])).toEqual([
        [null, b.id],
        [b.id, a.id],
        [a.id, null],
      ]);
      expect(await client.getModelByAlias(task, 'production')).toBeNull();

      // Misuse.
      expect(await code(client.setAlias(task, 'latest', a))).toBe('E_INVALID_INPUT');
      expect(await code(client.deleteAlias(task, 'latest'))).toBe('E_INVALID_INPUT');
      expect(await code(client.setAlias(task, 'a@b', a))).toBe('E_INVALID_INPUT');
      const other = await newTask();
      const foreign = await push(other, { name: 'x' });
      expect(await code(client.setAlias(task, 'production', foreign))).toBe('E_INVALID_INPUT');
      expect(await code(client.deleteAlias(task, 'production'))).toBe('E_NON_EXISTING_ALIAS');
    });

    it('deleting an aliased model needs force, which removes its aliases into the history', async () => {
      const task = await newTask();
      const m = await push(task, { name: 'm' });
      await client.setAlias(task, 'production', m);
      const error = await client.deleteModel(m).catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_MODEL_HAS_ALIASES')).toBe(true);
      expect((error as Error).message).toContain('"production"');
      expect(await client.getModel('m', task)).not.toBeNull();
      await client.deleteModel(m, { force: true });
      expect(await client.getModel('m', task)).toBeNull();
      expect(await client.getAliases(task)).toEqual([]);
      expect((await client.getAliasHistory(task, 'production'))[0]).toMatchObject({
        modelId: null,
        previousModelId: m.id,
      });
    });

    it('search: filters, keyset pages, cursor misuse, limits', async () => {
      const task = await newTask();
      for (let i = 0; i < 7; i++)
        await push(task, {
          name: `m${i}`,
          tags: { parity: i % 2 ? 'odd' : 'even' },
          params: { i, lr: i < 3 ? 0.01 : 0.1 },
        });
      const names = async (query: Parameters<Ebonite['searchModels']>[0]) =>
        (await client.searchModels({ task, ...query })).models.map((m) => m.name);
      expect(await names({ tags: { parity: 'odd' }, order: 'asc' })).toEqual(['m1', 'm3', 'm5']);
      expect(await names({ params: { lr: 0.01 }, orderBy: 'name' })).toEqual(['m2', 'm1', 'm0']);
      expect(await names({ namePrefix: 'm6' })).toEqual(['m6']);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<Ebonite['searchModels']>> = await client.searchModels({
          task,
          orderBy: 'name',
          order: 'asc',
          limit: 3,
          cursor,
        });
        seen.push(...page.models.map((m) => m.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);

      const first = await client.searchModels({ task, limit: 2 });
      const reused = client.searchModels({
        task,
        tags: { parity: 'odd' },
        cursor: first.nextCursor,
      });
      expect(await code(reused)).toBe('E_INVALID_INPUT');
      expect(
        (await client.searchModels({ task, limit: 10, cursor: first.nextCursor })).models,
      ).toHaveLength(5);
      expect(await code(client.searchModels({ task, limit: 0 }))).toBe('E_INVALID_INPUT');
      expect(await code(client.searchModels({ task, limit: 1001 }))).toBe('E_INVALID_INPUT');
      expect(await code(client.searchModels({ task, orderBy: 3 as never }))).toBe(
        'E_INVALID_INPUT',
      );
    });

    it('copyRegistry copies tags, versions and aliases with their history; checkRegistry passes', async () => {
      const task = await newTask();
      const project = (await client.getProjects()).find((p) => p.id === task.projectId)!;
      await client.setTaskTags(task, { team: 'nlp' });
      const v1 = await push(task, { tags: { stage: 'old' } });
      const v2 = await push(task);
      await client.setAlias(task, 'production', v1);
      await client.setAlias(task, 'production', v2);
      await client.setAlias(task, 'staging', v1);
      const target = await Ebonite.inmemory();
      try {
        const report = await copyRegistry(client, target, { filter: project.name });
        expect(report.models.copied).toBe(2);
        expect(report.aliases).toEqual({ copied: 2, skipped: 0, failed: 0 });
        const copiedTask = (await target.getTask(project.name, 't'))!;
        expect(copiedTask.tags).toEqual({ team: 'nlp' });
        const copied = await target.getModel('v1', copiedTask);
        expect([copied?.version, copied?.tags]).toEqual([1, { stage: 'old' }]);
        expect(await target.getAliasHistory(copiedTask, 'production')).toEqual(
          await client.getAliasHistory(task, 'production'),
        );
        // The counter came along: the next version in the copy is v3.
        expect((await push(copiedTask)).name).toBe('v3');
        const again = await copyRegistry(client, target, { filter: project.name });
        expect(again.aliases).toEqual({ copied: 0, skipped: 2, failed: 0 });
        expect((await checkRegistry(target)).ok).toBe(true);
      } finally {
        await target.close();
      }
    });
  });
}
