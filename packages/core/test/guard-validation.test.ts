import { beforeEach, describe, expect, it } from 'vitest';
import {
  GuardedMetadataRepository,
  type ModelSearch,
  modelSearch,
  newId,
  nowIso,
} from '../src/plugin.js';
import { V1MemoryRepository } from './fixtures/v1-memory-repository.js';

/** A v2 plugin whose v2 methods only record that they were called: the guard must stop bad input first. */
class V2Recorder extends V1MemoryRepository {
  // @ts-expect-error a v2 face on the v1 fake, for the guard's checks only
  override readonly specificationVersion = 'v2' as const;
  readonly calls: string[] = [];
  #record =
    (name: string) =>
    async (...args: unknown[]) => {
      this.calls.push(name);
      return ['searchModels', 'getAliases', 'getAliasHistory', 'getAliasEvents'].includes(name)
        ? []
        : (args[0] as never);
    };
  setModelTags = this.#record('setModelTags');
  setTaskTags = this.#record('setTaskTags');
  getAliases = this.#record('getAliases');
  getAlias = this.#record('getAlias');
  setAlias = this.#record('setAlias');
  deleteAlias = this.#record('deleteAlias');
  getAliasHistory = this.#record('getAliasHistory');
  getAliasEvents = this.#record('getAliasEvents');
  importAliasEvents = this.#record('importAliasEvents');
  searchModels = this.#record('searchModels');
}

const stamp = () => ({ author: 'ann', at: nowIso() });
const search = (over: Partial<ModelSearch> = {}) => modelSearch({ limit: 10, ...over });

let plugin: V2Recorder;
let guard: GuardedMetadataRepository;
const id = newId();

beforeEach(() => {
  plugin = new V2Recorder();
  guard = new GuardedMetadataRepository(plugin as never);
});

async function invalid(call: Promise<unknown>, message?: RegExp) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'E_INVALID_INPUT' });
  if (message) expect((error as Error).message).toMatch(message);
  expect(plugin.calls).toEqual([]);
}

describe('the guard checks v2 arguments before the plugin sees them', () => {
  it('imported alias events: events of the task, valid aliases, model ids or null, stamps', async () => {
    const event = (over: Record<string, unknown> = {}) => ({
      taskId: id,
      alias: 'prod',
      modelId: newId(),
      previousModelId: null,
      at: '2026-01-01T00:00:00.000Z',
      author: 'ann',
      ...over,
    });
    await invalid(guard.getAliasEvents('a/b'), /task id/);
    await invalid(guard.importAliasEvents(id, {} as never), /list/);
    await invalid(guard.importAliasEvents(id, [null as never]), /not an object/);
    await invalid(guard.importAliasEvents(id, [event({ taskId: newId() })]), /taskId/);
    await invalid(guard.importAliasEvents(id, [event({ alias: 'latest' })]), /alias/);
    await invalid(guard.importAliasEvents(id, [event({ alias: 'a@b' })]), /alias/);
    await invalid(guard.importAliasEvents(id, [event({ modelId: 'a/b' })]), /model id/);
    await invalid(guard.importAliasEvents(id, [event({ previousModelId: 3 })]), /model id/);
    await invalid(guard.importAliasEvents(id, [event({ at: 'yesterday' })]), /stamp/);
    await invalid(guard.importAliasEvents(id, [event({ author: 'a'.repeat(256) })]), /stamp/);
    const good = [event({ extra: 'dropped' }), event({ modelId: null })];
    await guard.importAliasEvents(id, good as never);
    await guard.getAliasEvents(id);
    expect(plugin.calls).toEqual(['importAliasEvents', 'getAliasEvents']);
  });

  it('tag keys: non-empty strings of at most 255 characters', async () => {
    await invalid(guard.setModelTags(id, { '': 'x' }), /empty key/);
    await invalid(guard.setModelTags(id, { ['k'.repeat(256)]: 'x' }), /longer than 255/);
    await guard.setModelTags(id, { ['k'.repeat(255)]: 'x' }).catch(() => undefined);
    expect(plugin.calls).toEqual(['setModelTags']);
  });

  it('tag values: strings of at most 5,000 characters, or null to remove', async () => {
    await invalid(guard.setTaskTags(id, { stage: 'v'.repeat(5001) }), /5001 characters.*5000/);
    await invalid(guard.setModelTags(id, { stage: 3 as never }), /must be a string, not a number/);
    await invalid(guard.setModelTags(id, [] as never), /object/);
    await guard.setModelTags(id, { stage: 'v'.repeat(5000), owner: null }).catch(() => undefined);
    expect(plugin.calls).toEqual(['setModelTags']);
  });

  it('alias names: model-name rules, no "@", "latest" reserved', async () => {
    await invalid(guard.setAlias(id, 'latest', id, stamp()), /reserved/);
    await invalid(guard.deleteAlias(id, 'latest', stamp()), /reserved/);
    await invalid(guard.setAlias(id, 'prod@eu', id, stamp()), /"@"/);
    await invalid(guard.setAlias(id, '', id, stamp()), /empty/);
    await invalid(guard.setAlias(id, 'a/b', id, stamp()), /"\/"/);
    await invalid(guard.setAlias(id, 'prod', id, { author: 'ann', at: 'yesterday' }), /stamp/);
  });

  it('searches: every field with its type, limit 1..1001 (the page and one more)', async () => {
    await invalid(guard.searchModels(search({ limit: 0 })), /limit/);
    await invalid(guard.searchModels(search({ limit: 1002 })), /limit/);
    await invalid(guard.searchModels(search({ orderBy: 'size' as never })), /orderBy/);
    await invalid(guard.searchModels(search({ params: { deep: { a: 1 } } as never })), /scalar/);
    await invalid(guard.searchModels(search({ createdAfter: '2026-13-45' })), /createdAfter/);
    await invalid(guard.searchModels(search({ tags: { k: 'v'.repeat(5001) } })), /5000/);
    await invalid(guard.searchModels({ ...search(), after: undefined } as never), /after/);
    await guard.searchModels(search({ limit: 1001 }));
    expect(plugin.calls).toEqual(['searchModels']);
  });

  it('model records: tags and version checked before a create', async () => {
    const project = await guard.createProject({
      id: newId(),
      name: 'p',
      author: 'ann',
      creationDate: nowIso(),
    });
    const base = {
      id: newId(),
      name: 'm',
      author: 'ann',
      creationDate: nowIso(),
      taskId: project.id,
      description: '',
      params: {},
      requirements: [],
      artifacts: [],
      wrapper: null,
    };
    await invalid(guard.createModel({ ...base, version: null, tags: { k: 1 as never } }), /tags/);
    await invalid(guard.createModel({ ...base, version: 1.5, tags: {} }), /version/);
    await invalid(
      guard.createModel({ ...base, name: null, version: 3, tags: {} }),
      /version is given without its name/,
    );
  });
});

describe('the guard checks what a v2 plugin returns', () => {
  it('a model without tags or version is a corrupted record', async () => {
    const project = await plugin.createProject({
      id: newId(),
      name: 'p',
      author: 'ann',
      creationDate: nowIso(),
    });
    const task = await plugin.createTask({
      id: newId(),
      name: 't',
      author: 'ann',
      creationDate: nowIso(),
      projectId: project.id,
      tags: {},
    });
    const model = {
      id: newId(),
      name: 'm',
      author: 'ann',
      creationDate: nowIso(),
      taskId: task.id,
      description: '',
      params: {},
      requirements: [],
      artifacts: [],
      wrapper: null,
    };
    plugin.models.set(model.id, model);
    const error = await guard.getModelById(model.id).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'E_CORRUPTED_STORE' });
    expect((error as Error).message).toMatch(/tags are missing/);
    plugin.models.set(model.id, { ...model, tags: {} });
    await expect(guard.getModelById(model.id)).rejects.toThrow(/version is missing/);
    plugin.models.set(model.id, { ...model, version: null, tags: { k: 7 as never } });
    await expect(guard.getModelById(model.id)).rejects.toMatchObject({
      code: 'E_CORRUPTED_STORE',
    });
    plugin.models.set(model.id, { ...model, version: 2, tags: { k: 'v' } });
    expect(await guard.getModelById(model.id)).toMatchObject({ version: 2, tags: { k: 'v' } });
  });
});
