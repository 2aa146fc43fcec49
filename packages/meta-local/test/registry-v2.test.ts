import {
  EboniteError,
  type ModelRecord,
  type ModelSearch,
  modelSearch,
  newId,
  type TaskRecord,
} from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import { inMemoryMetadata } from '../src/inmemory-metadata-repository.js';
import { localMetadata } from '../src/local-metadata-repository.js';
import type { StateMetadataRepository } from '../src/repository/state-metadata-repository.js';
import { model, newModel, project, stamp, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';

const kinds: Array<[string, () => StateMetadataRepository]> = [
  ['inmemory', () => inMemoryMetadata()],
  ['local', () => localMetadata({ path: tempFolder() })],
];

const search = modelSearch;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return EboniteError.isInstance(error) ? error.code : String(error);
}

async function withTask(repo: StateMetadataRepository): Promise<TaskRecord> {
  const p = await repo.createProject(project());
  return repo.createTask(task(p.id));
}

describe.each(kinds)('%s: contract v2 rules', (_kind, make) => {
  it('versions: allocated per task, never reused after deletes, skipping hand-taken names', async () => {
    const repo = make();
    const t = await withTask(repo);
    const other = await repo.createTask(task(t.projectId));
    expect((await repo.createModel(newModel(t.id, 'v2'))).version).toBeNull();
    const first = await repo.createModel(newModel(t.id, null));
    expect([first.name, first.version]).toEqual(['v1', 1]);
    const third = await repo.createModel(newModel(t.id, null));
    expect([third.name, third.version]).toEqual(['v3', 3]); // v2 is taken by hand
    await repo.deleteModel(third.id);
    await repo.deleteModel(first.id);
    expect((await repo.createModel(newModel(t.id, null))).name).toBe('v4');
    expect((await repo.createModel(newModel(other.id, null))).name).toBe('v1');
    // a copied record with name and version is stored as given and raises the counter
    const copied = await repo.createModel(newModel(t.id, 'best', { version: 10 }));
    expect([copied.name, copied.version]).toEqual(['best', 10]);
    expect((await repo.createModel(newModel(t.id, null))).name).toBe('v11');
    // a failed create uses no number
    expect(await codeOf(repo.createModel(newModel('no-such-task', null)))).toBe(
      'E_NON_EXISTING_TASK',
    );
    expect(await codeOf(repo.createModel({ ...newModel(t.id, null), id: copied.id }))).toBe(
      'E_EXISTING_MODEL',
    );
    expect((await repo.createModel(newModel(t.id, null))).name).toBe('v12');
    await repo.close();
  });

  it('tags: stored on create, merged atomically, kept by update*', async () => {
    const repo = make();
    const p = await repo.createProject(project());
    const t = await repo.createTask({ ...task(p.id), tags: { team: 'a' } });
    expect(t.tags).toEqual({ team: 'a' });
    const m = await repo.createModel(newModel(t.id, 'm', { tags: { stage: 'dev', x: '1' } }));
    const merged = await Promise.all([
      repo.setModelTags(m.id, { stage: 'prod' }),
      repo.setModelTags(m.id, { x: null, owner: 'ana' }),
    ]);
    expect(merged[1].tags).toEqual({ stage: 'prod', owner: 'ana' });
    const updated = await repo.updateModel({ ...m, description: 'new', tags: {}, version: 7 });
    expect([updated.tags, updated.version, updated.description]).toEqual([
      { stage: 'prod', owner: 'ana' },
      null,
      'new',
    ]);
    expect((await repo.setTaskTags(t.id, { team: null, k: 'v' })).tags).toEqual({ k: 'v' });
    expect((await repo.updateTask({ ...t, name: 'renamed', tags: {} })).tags).toEqual({ k: 'v' });
    expect(await codeOf(repo.setModelTags(newId(), { a: 'b' }))).toBe('E_NON_EXISTING_MODEL');
    expect(await codeOf(repo.setTaskTags(newId(), { a: 'b' }))).toBe('E_NON_EXISTING_TASK');
    const proto = await repo.setModelTags(m.id, { ['__proto__']: 'x', constructor: 'y' });
    expect(Object.keys(proto.tags ?? {})).toEqual(
      expect.arrayContaining(['__proto__', 'constructor']),
    );
    await repo.close();
  });

  it('aliases: unique per task, every move recorded, a same-target set records nothing', async () => {
    const repo = make();
    const t = await withTask(repo);
    const [a, b] = [
      await repo.createModel(newModel(t.id, 'a')),
      await repo.createModel(newModel(t.id, 'b')),
    ];
    const s1 = stamp('ana', '2026-12-01T10:00:00.000Z');
    const s2 = stamp('bob', '2026-12-01T11:00:00.000Z');
    expect(await repo.setAlias(t.id, 'prod', a.id, s1)).toEqual({
      taskId: t.id,
      alias: 'prod',
      modelId: a.id,
      updatedAt: s1.at,
      author: 'ana',
    });
    await repo.setAlias(t.id, 'prod', b.id, s2);
    const again = await repo.setAlias(t.id, 'prod', b.id, stamp('carol'));
    expect([again.author, again.updatedAt]).toEqual(['bob', s2.at]);
    await repo.setAlias(t.id, 'staging', b.id, s1);
    expect((await repo.getAliases(t.id)).map((x) => [x.alias, x.modelId])).toEqual([
      ['prod', b.id],
      ['staging', b.id],
    ]);
    expect(await repo.getAlias(t.id, 'nope')).toBeNull();
    const history = await repo.getAliasHistory(t.id, 'prod');
    expect(history.map((e) => [e.modelId, e.previousModelId, e.author])).toEqual([
      [b.id, a.id, 'bob'],
      [a.id, null, 'ana'],
    ]);
    await repo.deleteAlias(t.id, 'staging', s2);
    expect((await repo.getAliasHistory(t.id, 'staging'))[0]).toMatchObject({
      modelId: null,
      previousModelId: b.id,
    });
    expect(await codeOf(repo.deleteAlias(t.id, 'staging', s2))).toBe('E_NON_EXISTING_ALIAS');
    expect(await repo.getAliasHistory(t.id, 'never')).toEqual([]);
    expect(await codeOf(repo.getAliases(newId()))).toBe('E_NON_EXISTING_TASK');
    expect(await codeOf(repo.getAliasHistory(newId(), 'prod'))).toBe('E_NON_EXISTING_TASK');
    expect(await codeOf(repo.setAlias(newId(), 'prod', a.id, s1))).toBe('E_NON_EXISTING_TASK');
    expect(await codeOf(repo.setAlias(t.id, 'prod', newId(), s1))).toBe('E_NON_EXISTING_MODEL');
    const elsewhere = await repo.createTask(task(t.projectId));
    const foreign = await repo.createModel(newModel(elsewhere.id, 'f'));
    expect(await codeOf(repo.setAlias(t.id, 'prod', foreign.id, s1))).toBe('E_NON_EXISTING_MODEL');
    await repo.close();
  });

  it('an aliased model is neither deleted nor moved unless forced; force records the removal', async () => {
    const repo = make();
    const t = await withTask(repo);
    const other = await repo.createTask(task(t.projectId));
    const m = await repo.createModel(newModel(t.id, 'm'));
    await repo.setAlias(t.id, 'prod', m.id, stamp());
    await repo.setAlias(t.id, 'best', m.id, stamp());
    const refused = await repo.deleteModel(m.id).catch((e: unknown) => e);
    expect(EboniteError.isInstance(refused, 'E_MODEL_HAS_ALIASES')).toBe(true);
    expect((refused as Error).message).toMatch(/"best", "prod"/);
    expect(await codeOf(repo.updateModel({ ...m, taskId: other.id }))).toBe('E_MODEL_HAS_ALIASES');
    const s = stamp('ops'); // not before the stamps of the sets: history is newest first
    await repo.deleteModel(m.id, { force: true, stamp: s });
    expect(await repo.getModelById(m.id)).toBeNull();
    expect(await repo.getAliases(t.id)).toEqual([]);
    for (const alias of ['prod', 'best'])
      expect((await repo.getAliasHistory(t.id, alias))[0]).toEqual({
        taskId: t.id,
        alias,
        modelId: null,
        previousModelId: m.id,
        at: s.at,
        author: 'ops',
      });
    // a model without aliases moves freely
    const free = await repo.createModel(newModel(t.id, 'free'));
    expect((await repo.updateModel({ ...free, taskId: other.id })).taskId).toBe(other.id);
    await repo.close();
  });

  it('a cascade delete removes the aliases, their history and the version counter', async () => {
    const repo = make();
    const t = await withTask(repo);
    const m = await repo.createModel(newModel(t.id, null));
    await repo.setAlias(t.id, 'prod', m.id, stamp());
    await repo.deleteTask(t.id, { cascade: true });
    expect(await repo.getAlias(t.id, 'prod')).toBeNull();
    const again = await repo.createTask({ ...task(t.projectId), name: t.name });
    expect(await repo.getAliasHistory(again.id, 'prod')).toEqual([]);
    await repo.deleteProject(t.projectId, { cascade: true });
    expect(await repo.getProjects()).toEqual([]);
    await repo.close();
  });

  it('search: every filter, both orders both ways, and keyset pages', async () => {
    const repo = make();
    const t = await withTask(repo);
    const t2 = await repo.createTask(task(t.projectId));
    const p2 = await repo.createProject(project());
    const t3 = await repo.createTask(task(p2.id));
    const names = ['b%', 'b_x', 'a', 'bé', 'b\u{1F600}', 'b\uE000', 'B', 'ba'];
    const made: ModelRecord[] = [];
    for (const [i, name] of names.entries()) {
      const taskId = [t.id, t2.id, t3.id][i % 3]!;
      made.push(
        await repo.createModel({
          ...newModel(taskId, name, {
            tags: { even: String(i % 2 === 0), n: String(i) },
            author: i < 4 ? 'ana' : 'bob',
            params: { i, odd: i % 2 === 1, nil: null, s: `s${i % 2}` },
          }),
          creationDate: `2026-12-01T10:00:0${i}.000Z`,
        }),
      );
    }
    const run = async (over: Partial<ModelSearch>) =>
      (await repo.searchModels(search(over))).map((m) => m.name);
    expect(await run({})).toEqual([...names].reverse());
    expect(await run({ order: 'asc', limit: 3 })).toEqual(names.slice(0, 3));
    expect(await run({ orderBy: 'name', order: 'asc' })).toEqual([
      'B',
      'a',
      'b%',
      'b_x',
      'ba',
      'bé',
      'b\uE000',
      'b\u{1F600}',
    ]);
    expect(await run({ orderBy: 'name', order: 'asc', namePrefix: 'b_' })).toEqual(['b_x']);
    expect(await run({ orderBy: 'name', order: 'desc', namePrefix: 'b' })).toEqual([
      'b\u{1F600}',
      'b\uE000',
      'bé',
      'ba',
      'b_x',
      'b%',
    ]);
    expect(await run({ namePrefix: 'b%' })).toEqual(['b%']);
    expect(await run({ tags: { even: 'true' }, order: 'asc' })).toEqual([
      'b%',
      'a',
      'b\u{1F600}',
      'B',
    ]);
    expect(await run({ tags: { even: 'true', n: '2' } })).toEqual(['a']);
    expect(await run({ tags: { even: 'maybe' } })).toEqual([]);
    expect(await run({ params: { odd: true, s: 's1' }, order: 'asc' })).toEqual([
      'b_x',
      'bé',
      'b\uE000',
      'ba',
    ]);
    expect(await run({ params: { nil: null, i: 3 } })).toEqual(['bé']);
    expect(await run({ params: { i: '3' } })).toEqual([]);
    expect(await run({ params: { missing: null } })).toEqual([]);
    expect(await run({ author: 'ana', order: 'asc' })).toEqual(names.slice(0, 4));
    expect(await run({ taskId: t.id, order: 'asc' })).toEqual(['b%', 'bé', 'B']);
    expect(await run({ projectId: p2.id, order: 'asc' })).toEqual(['a', 'b\uE000']);
    expect(await run({ projectId: t.projectId, taskId: t3.id })).toEqual([]);
    expect(
      await run({
        createdAfter: '2026-12-01T10:00:02.000Z',
        createdBefore: '2026-12-01T10:00:05.000Z',
        order: 'asc',
      }),
    ).toEqual(['a', 'bé', 'b\u{1F600}']);
    expect(
      await run({ orderBy: 'name', createdAfter: '2026-12-01T10:00:05.000Z', order: 'asc' }),
    ).toEqual(['B', 'ba', 'b\uE000']);
    // keyset pages: every model once, in order, whatever the page size
    for (const orderBy of ['creationDate', 'name'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const all = await run({ orderBy, order });
        const paged: string[] = [];
        let after: ModelSearch['after'] = null;
        for (;;) {
          const page = await repo.searchModels(search({ orderBy, order, limit: 3, after }));
          paged.push(...page.map((m) => m.name));
          if (page.length < 3) break;
          const last = page[page.length - 1]!;
          after = { name: last.name, creationDate: last.creationDate, id: last.id };
        }
        expect(paged).toEqual(all);
      }
    }
    // ties on creationDate are broken by id
    const tie = '2026-12-01T11:00:00.000Z';
    const tied = [];
    for (let i = 0; i < 3; i++)
      tied.push(await repo.createModel({ ...newModel(t.id, `tie${i}`), creationDate: tie }));
    const byId = tied.map((m) => m.id).sort();
    expect(
      (await repo.searchModels(search({ namePrefix: 'tie', order: 'asc' }))).map((m) => m.id),
    ).toEqual(byId);
    // results are copies
    const [first] = await repo.searchModels(search({ limit: 1 }));
    first!.tags!.mutated = 'yes';
    expect((await repo.searchModels(search({ limit: 1 })))[0]!.tags).not.toHaveProperty('mutated');
    expect(made).toHaveLength(names.length);
    await repo.close();
  });

  it('search follows every change: updates, renames, tag changes, moves, deletes', async () => {
    const repo = make();
    const t = await withTask(repo);
    const p2 = await repo.createProject(project());
    const m = await repo.createModel(newModel(t.id, 'first', { tags: { k: 'a' } }));
    await repo.createModel(newModel(t.id, 'second', { tags: { k: 'a' } }));
    const names = async (over: Partial<ModelSearch>) =>
      (await repo.searchModels(search({ order: 'asc', ...over }))).map((x) => x.name);
    await repo.updateModel({ ...m, name: 'renamed' });
    expect(await names({ orderBy: 'name', tags: { k: 'a' } })).toEqual(['renamed', 'second']);
    await repo.setModelTags(m.id, { k: 'b' });
    expect(await names({ tags: { k: 'a' } })).toEqual(['second']);
    expect(await names({ tags: { k: 'b' } })).toEqual(['renamed']);
    await repo.updateTask({ ...t, projectId: p2.id });
    expect(await names({ projectId: p2.id })).toEqual(['renamed', 'second']);
    expect(await names({ projectId: t.projectId })).toEqual([]);
    await repo.deleteModel(m.id);
    expect(await names({ orderBy: 'name' })).toEqual(['second']);
    await repo.clear();
    expect(await names({})).toEqual([]);
    await repo.close();
  });
});

describe('inmemory: the search index agrees with a plain filter and sort after random changes', () => {
  it('500 random changes, checked with every kind of query', async () => {
    const repo = inMemoryMetadata();
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const p = [await repo.createProject(project()), await repo.createProject(project())];
    const tasks = [
      await repo.createTask(task(p[0]!.id)),
      await repo.createTask(task(p[0]!.id)),
      await repo.createTask(task(p[1]!.id)),
    ];
    const live = new Map<string, ModelRecord>();
    const pickLive = () => [...live.values()][random(live.size)]!;
    for (let step = 0; step < 500; step++) {
      const action = random(10);
      if (action < 5 || live.size < 3) {
        const created = await repo.createModel({
          ...newModel(tasks[random(3)]!.id, random(3) === 0 ? null : `m${random(50)}-${step}`, {
            tags: { a: String(random(3)), b: String(random(2)) },
          }),
          creationDate: `2026-12-01T10:00:${String(random(60)).padStart(2, '0')}.000Z`,
        });
        live.set(created.id, created);
      } else if (action < 7) {
        const target = pickLive();
        live.set(target.id, await repo.setModelTags(target.id, { a: String(random(3)) }));
      } else if (action < 8) {
        const target = pickLive();
        const moved = await repo.updateModel({
          ...target,
          name: `r${random(50)}-${step}`,
          taskId: tasks[random(3)]!.id,
        });
        live.set(moved.id, moved);
      } else {
        const target = pickLive();
        await repo.deleteModel(target.id);
        live.delete(target.id);
      }
      if (step % 50 === 49) {
        const t = tasks[random(3)]!;
        await repo.updateTask({ ...t, projectId: p[random(2)]!.id });
        tasks[tasks.indexOf(t)] = (await repo.getTaskById(t.id))!;
      }
    }
    const projectOf = new Map(tasks.map((t) => [t.id, t.projectId]));
    const expected = (q: ModelSearch) => {
      const compare = (x: ModelRecord, y: ModelRecord) => {
        const key = (m: ModelRecord) =>
          q.orderBy === 'name'
            ? [Buffer.from(m.name).toString('hex').padEnd(80, ' '), m.creationDate, m.id]
            : [m.creationDate, m.id];
        const [kx, ky] = [key(x).join('|'), key(y).join('|')];
        return kx < ky ? -1 : kx > ky ? 1 : 0;
      };
      const list = [...live.values()]
        .filter((m) => q.taskId === null || m.taskId === q.taskId)
        .filter((m) => q.projectId === null || projectOf.get(m.taskId) === q.projectId)
        .filter((m) => Object.entries(q.tags).every(([k, v]) => m.tags?.[k] === v))
        .filter((m) => q.namePrefix === null || m.name.startsWith(q.namePrefix))
        .sort(compare);
      return (q.order === 'desc' ? list.reverse() : list).map((m) => m.id);
    };
    for (let i = 0; i < 60; i++) {
      const q = search({
        taskId: random(3) === 0 ? tasks[random(3)]!.id : null,
        projectId: random(3) === 0 ? p[random(2)]!.id : null,
        tags: random(2) ? { a: String(random(3)) } : random(2) ? { a: '1', b: '0' } : {},
        namePrefix: random(4) === 0 ? `m${random(5)}` : null,
        orderBy: random(2) ? 'name' : 'creationDate',
        order: random(2) ? 'asc' : 'desc',
        limit: 1000,
      });
      const all = expected(q);
      expect((await repo.searchModels(q)).map((m) => m.id)).toEqual(all);
      // a page from the middle
      if (all.length > 4) {
        const mid = live.get(all[2]!)!;
        const after = { name: mid.name, creationDate: mid.creationDate, id: mid.id };
        const page = await repo.searchModels({ ...q, after, limit: 2 });
        expect(page.map((m) => m.id)).toEqual(all.slice(3, 5));
      }
    }
    await repo.close();
  });
});

describe('local: v2 data persists', () => {
  it('versions, tags, aliases and history survive a reopen, from the journal and from metadata.json', async () => {
    const folder = tempFolder();
    const repo = localMetadata({ path: folder });
    const t = await withTask(repo);
    const v1 = await repo.createModel(newModel(t.id, null, { tags: { stage: 'dev' } }));
    const v2 = await repo.createModel(newModel(t.id, null));
    await repo.deleteModel(v2.id);
    await repo.setTaskTags(t.id, { team: 'ml' });
    await repo.setAlias(t.id, 'prod', v1.id, stamp('ana', '2026-12-01T10:00:00.000Z'));
    const check = async (r: StateMetadataRepository) => {
      expect((await r.getModelById(v1.id))?.tags).toEqual({ stage: 'dev' });
      expect((await r.getTaskById(t.id))?.tags).toEqual({ team: 'ml' });
      expect((await r.getAlias(t.id, 'prod'))?.modelId).toBe(v1.id);
      expect(await r.getAliasHistory(t.id, 'prod')).toHaveLength(1);
      expect((await r.searchModels(search({ tags: { stage: 'dev' } }))).map((m) => m.id)).toEqual([
        v1.id,
      ]);
    };
    // a second repository reads the journal while the first is open
    const reader = localMetadata({ path: folder });
    await check(reader);
    expect((await reader.createModel(newModel(t.id, null))).name).toBe('v3');
    await reader.close();
    await repo.close();
    const reopened = localMetadata({ path: folder });
    await check(reopened);
    expect((await reopened.createModel(newModel(t.id, null))).name).toBe('v4');
    await reopened.deleteModel(v1.id, { force: true, stamp: stamp() });
    await reopened.close();
    const last = localMetadata({ path: folder });
    expect(await last.getAlias(t.id, 'prod')).toBeNull();
    expect((await last.getAliasHistory(t.id, 'prod')).map((e) => e.modelId)).toEqual([null, v1.id]);
    expect((await last.createModel(newModel(t.id, null))).name).toBe('v5');
    expect(model).toBeTypeOf('function');
    await last.close();
  });
});

describe('local: an imported alias history persists', () => {
  it('getAliasEvents gives the same entries and aliases from the journal and from metadata.json', async () => {
    const folder = tempFolder();
    const repo = localMetadata({ path: folder });
    const t = await withTask(repo);
    const v1 = await repo.createModel(newModel(t.id, null));
    const gone = newId();
    const at = (s: number) => `2026-12-01T10:00:0${s}.000Z`;
    const events = [
      { taskId: t.id, alias: 'prod', modelId: gone, previousModelId: null, at: at(1), author: 'a' },
      { taskId: t.id, alias: 'old', modelId: v1.id, previousModelId: null, at: at(2), author: 'b' },
      {
        taskId: t.id,
        alias: 'prod',
        modelId: v1.id,
        previousModelId: gone,
        at: at(3),
        author: 'c',
      },
      { taskId: t.id, alias: 'old', modelId: null, previousModelId: v1.id, at: at(4), author: 'd' },
    ];
    await repo.importAliasEvents(t.id, events);
    const expected = [events[1], events[3], events[0], events[2]];
    const check = async (r: StateMetadataRepository) => {
      expect(await r.getAliasEvents(t.id)).toEqual(expected);
      expect((await r.getAliases(t.id)).map((a) => [a.alias, a.modelId, a.author])).toEqual([
        ['prod', v1.id, 'c'],
      ]);
    };
    // from the journal, read by a second repository while the first is open
    const reader = localMetadata({ path: folder });
    await check(reader);
    await reader.close();
    await repo.close();
    // from metadata.json, written when the last repository closed
    const reopened = localMetadata({ path: folder });
    await check(reopened);
    await expect(
      codeOf(reopened.deleteModel(v1.id)),
      'the imported alias guards its model',
    ).resolves.toBe('E_MODEL_HAS_ALIASES');
    await reopened.close();
  });
});
