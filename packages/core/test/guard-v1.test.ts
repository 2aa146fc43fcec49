import { beforeEach, describe, expect, it } from 'vitest';
import { Ebonite, EboniteError, Model, type Task } from '../src/index.js';
import { compareUtf8, newId } from '../src/plugin.js';
import { noArtifacts, V1MemoryRepository } from './fixtures/v1-memory-repository.js';

let plugin: V1MemoryRepository;
let client: Ebonite;
let task: Task;

beforeEach(async () => {
  plugin = new V1MemoryRepository();
  client = new Ebonite(plugin, noArtifacts());
  task = await client.getOrCreateTask('p', 't');
});

/** Stores a model record as a v1 plugin holds it, with a chosen creation date. */
async function model(name: string, creationDate: string, extra: Record<string, unknown> = {}) {
  return client.meta.createModel({
    ...Model.create({ name }).toRecord(),
    taskId: task.id,
    creationDate,
    ...extra,
  });
}

async function notSupported(call: Promise<unknown>, feature: RegExp) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(EboniteError.isInstance(error, 'E_NOT_SUPPORTED')).toBe(true);
  const { message } = error as Error;
  expect(message).toMatch(feature);
  expect(message).toContain('"acme-v1"');
  expect(message).toContain('contract v1');
}

describe('a metadata plugin of contract v1 under the v2 client', () => {
  it('shows tags {} and version null, and never receives them', async () => {
    const pushed = await client.pushModel(Model.create({ name: 'a' }), task);
    expect(pushed.tags).toEqual({});
    expect(pushed.version).toBeNull();
    expect(task.tags).toEqual({});
    expect((await client.getModel('a', task))?.version).toBeNull();
    for (const record of plugin.received) {
      expect(record).not.toHaveProperty('tags');
      expect(record).not.toHaveProperty('version');
    }
  });

  it('refuses tags, aliases and unnamed pushes with E_NOT_SUPPORTED naming the type and contract', async () => {
    const pushed = await client.pushModel(Model.create({ name: 'a' }), task);
    await notSupported(client.setModelTags(pushed, { stage: 'x' }), /^Tags/);
    await notSupported(client.setTaskTags(task, { stage: 'x' }), /^Tags/);
    await notSupported(client.setAlias(task, 'production', pushed), /^Aliases/);
    await notSupported(client.deleteAlias(task, 'production'), /^Aliases/);
    await notSupported(client.getAliases(task), /^Aliases/);
    await notSupported(client.getAliasHistory(task, 'production'), /^Aliases/);
    await notSupported(client.meta.getAliasEvents(task.id), /^Aliases/);
    await notSupported(client.meta.importAliasEvents(task.id, []), /^Aliases/);
    await notSupported(client.getModelByAlias(task, 'production'), /^Aliases/);
    await notSupported(client.pushModel(Model.create({}), task), /without a name/);
    await notSupported(
      client.pushModel(Model.create({ name: 'b', tags: { k: 'v' } }), task),
      /^Tags/,
    );
    await notSupported(client.searchModels({ tags: { k: 'v' } }), /Searching by tags/);
    expect(plugin.models.size).toBe(1);
  });

  it('deletes models (no aliases to guard) and finds latest by search', async () => {
    await model('old', '2026-01-01T00:00:00.000Z');
    const newest = await model('new', '2026-01-02T00:00:00.000Z');
    expect((await client.getModelByAlias(task, 'latest'))?.id).toBe(newest.id);
    expect((await client.getModelByPath('p/t@latest'))?.name).toBe('new');
    await client.deleteModel((await client.getModel('new', task))!);
    expect((await client.getModelByAlias(task, 'latest'))?.name).toBe('old');
  });
});

describe('searchModels emulated over v1', () => {
  it('filters by every field and sorts names by UTF-8 bytes', async () => {
    const other = await client.getOrCreateTask('q', 'u');
    await model('b', '2026-01-01T00:00:01.000Z', { params: { lr: 0.01, opt: 'adam' } });
    await model('a_1', '2026-01-01T00:00:02.000Z', { params: { lr: 0.1 }, author: 'bob' });
    await model('a%2', '2026-01-01T00:00:03.000Z', { params: { lr: 0.01, opt: null } });
    await model('\u{1F600}', '2026-01-01T00:00:04.000Z');
    await model('\uFF21', '2026-01-01T00:00:05.000Z');
    await client.meta.createModel({
      ...Model.create({ name: 'b' }).toRecord(),
      taskId: other.id,
      creationDate: '2026-01-01T00:00:06.000Z',
    });
    const names = async (query: Parameters<Ebonite['searchModels']>[0]) =>
      (await client.searchModels(query)).models.map((m) => m.name);

    expect(await names({})).toEqual(['b', '\uFF21', '\u{1F600}', 'a%2', 'a_1', 'b']);
    expect(await names({ task })).toEqual(['\uFF21', '\u{1F600}', 'a%2', 'a_1', 'b']);
    expect(await names({ project: 'q' })).toEqual(['b']);
    expect(await names({ project: 'p', task: 't', orderBy: 'name', order: 'asc' })).toEqual(
      ['a%2', 'a_1', 'b', '\uFF21', '\u{1F600}'].sort(compareUtf8),
    );
    expect(await names({ namePrefix: 'a_' })).toEqual(['a_1']);
    expect(await names({ namePrefix: 'a%' })).toEqual(['a%2']);
    expect(await names({ params: { lr: 0.01 }, order: 'asc' })).toEqual(['b', 'a%2']);
    expect(await names({ params: { opt: null } })).toEqual(['a%2']);
    expect(await names({ author: 'bob' })).toEqual(['a_1']);
    expect(
      await names({
        createdAfter: '2026-01-01T00:00:02.000Z',
        createdBefore: new Date('2026-01-01T00:00:04.000Z'),
      }),
    ).toEqual(['a%2', 'a_1']);
  });

  it('pages by keyset: every model once, also with models pushed between pages', async () => {
    const date = '2026-03-01T00:00:00.000Z'; // one date for all: ties are broken by id
    for (let i = 0; i < 7; i++) await model(`m${i}`, date);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<Ebonite['searchModels']>> = await client.searchModels({
        task,
        limit: 3,
        cursor,
      });
      seen.push(...page.models.map((m) => m.name));
      cursor = page.nextCursor;
      // Newer than every model: it sorts before the pages already read, so it never shows up.
      if (pages++ === 0) await model('late', '2027-01-01T00:00:00.000Z');
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
  });

  it('a last page that is exactly full has no next cursor', async () => {
    await model('x', '2026-01-01T00:00:00.000Z');
    await model('y', '2026-01-02T00:00:00.000Z');
    expect((await client.searchModels({ limit: 2 })).nextCursor).toBeNull();
    expect((await client.searchModels({ limit: 1 })).nextCursor).not.toBeNull();
  });
});

describe('search misuse', () => {
  const invalid = async (call: Promise<unknown>, message: RegExp) => {
    await expect(call).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(call).rejects.toThrow(message);
  };

  it('a cursor from another query, a damaged cursor, a bad limit or field', async () => {
    for (let i = 0; i < 3; i++) await model(`m${i}`, `2026-01-0${i + 1}T00:00:00.000Z`);
    const { nextCursor } = await client.searchModels({ task, limit: 1 });
    expect(nextCursor).toEqual(expect.any(String));
    const cursor = nextCursor!;
    // Another limit is fine; the page continues where the first ended.
    const more = await client.searchModels({ task, limit: 5, cursor });
    expect(more.models.map((m) => m.name)).toEqual(['m1', 'm0']);
    await invalid(client.searchModels({ task, namePrefix: 'm', cursor }), /another query/);
    await invalid(client.searchModels({ task, order: 'asc', cursor }), /another query/);
    await invalid(client.searchModels({ cursor }), /another query/);
    await invalid(client.searchModels({ task, cursor: `${cursor.slice(0, -4)}` }), /cursor/);
    await invalid(client.searchModels({ task, cursor: 'not a cursor!' }), /cursor/);
    await invalid(
      client.searchModels({ cursor: Buffer.from('{"v":2}').toString('base64url') }),
      /cursor/,
    );
    await invalid(client.searchModels({ limit: 0 }), /limit/);
    await invalid(client.searchModels({ limit: 1001 }), /limit/);
    await invalid(client.searchModels({ limit: 2.5 }), /limit/);
    await invalid(client.searchModels({ createdAfter: 'last tuesday' }), /createdAfter/);
    await invalid(client.searchModels({ createdBefore: new Date(Number.NaN) }), /createdBefore/);
    await invalid(client.searchModels({ task: 't' }), /needs its project/);
    await invalid(client.searchModels({ sort: 'name' } as never), /unknown field "sort"/);
    await invalid(client.searchModels({ namePrefix: 3 } as never), /namePrefix/);
    await invalid(client.searchModels({ params: { a: [1] } } as never), /params\.a/);
    await invalid(client.searchModels({ tags: { k: 'v'.repeat(5001) } }), /5000/);
    await expect(client.searchModels({ project: 'nope' })).rejects.toMatchObject({
      code: 'E_NON_EXISTING_PROJECT',
    });
    expect((await client.searchModels({ limit: 1000 })).models).toHaveLength(3);
  });

  it('Model.create checks name, tags and field types', () => {
    expect(() => Model.create({ name: 'm', tags: { k: 'v'.repeat(5001) } })).toThrow(/5000/);
    expect(() => Model.create({ name: 'm', tags: { '': 'v' } })).toThrow(/empty key/);
    expect(() => Model.create({ name: 'm', tags: 'stage' as never })).toThrow(/tags must be/);
    expect(() => Model.create({ name: 3 as never })).toThrow(/Invalid model name/);
    const unnamed = Model.create({ params: { lr: 1 } });
    expect(unnamed.name).toBe('');
    expect(unnamed.version).toBeNull();
    expect(newId()).not.toBe(unnamed.id);
  });
});
