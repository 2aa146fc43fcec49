import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, pushByName, startTestServer, type TestServer } from './helpers/test-server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

type Json = Record<string, unknown>;
type ModelJson = { id: string; name: string; version: number | null; tags: Record<string, string> };

/** A request with the write token (or `token`), JSON both ways. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  token = s.tokens.write,
): Promise<{ status: number; json: Json & { items?: Json[]; code?: string } }> {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: {
      ...bearer(token),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

const push = async (path: string, model: Parameters<typeof pushByName>[3]) => {
  const res = await pushByName(s.url, s.tokens.write, path, model);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as ModelJson & { taskId: string };
};
const none = { artifacts: [] };

describe('tags', () => {
  it('of a model and of a task merge through PATCH, null removing a key; a read token cannot', async () => {
    const m = await push('tags/tasks/t', { name: 'm', tags: { stage: 'candidate' }, ...none });
    expect(m.tags).toEqual({ stage: 'candidate' });
    const tagged = await call('PATCH', `/metadata/models/${m.id}/tags`, {
      stage: null,
      owner: 'ana',
    });
    expect([tagged.status, tagged.json.tags]).toEqual([200, { owner: 'ana' }]);
    const task = await call('PATCH', `/metadata/tasks/${m.taskId}/tags`, { team: 'vision' });
    expect([task.status, task.json.tags]).toEqual([200, { team: 'vision' }]);
    expect((await call('GET', '/projects/tags/tasks/t')).json.tags).toEqual({ team: 'vision' });
    const refused = await call('PATCH', `/metadata/models/${m.id}/tags`, { a: 'b' }, s.tokens.read);
    expect([refused.status, refused.json.code]).toEqual([403, 'E_FORBIDDEN']);
    const tooLong = await call('PATCH', `/metadata/models/${m.id}/tags`, { k: 'x'.repeat(5001) });
    expect([tooLong.status, tooLong.json.code]).toEqual([400, 'E_INVALID_INPUT']);
  });
});

describe('versions', () => {
  it('a push without a name and a createModel with name null take the next version', async () => {
    const first = await push('versions/tasks/t', none);
    expect([first.name, first.version]).toEqual(['v1', 1]);
    await push('versions/tasks/t', { name: 'v2', ...none }); // taken by hand: skipped
    const record = {
      id: '019a0000-0000-7000-8000-000000000001',
      name: null,
      version: null,
      tags: {},
      author: 'ci',
      creationDate: new Date().toISOString(),
      taskId: first.taskId,
      description: '',
      params: {},
      requirements: [],
      artifacts: [],
      wrapper: null,
    };
    const created = await call('POST', '/metadata/models', record);
    expect([created.status, created.json.name, created.json.version]).toEqual([201, 'v3', 3]);
  });
});

describe('aliases', () => {
  it('move, list, read and delete, every move in the history with the token as author', async () => {
    const a = await push('aliases/tasks/t', { name: 'a', ...none });
    const b = await push('aliases/tasks/t', { name: 'b', ...none });
    const base = `/metadata/tasks/${a.taskId}/aliases`;
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();

    const missing = await call('GET', `${base}/production`);
    expect([missing.status, missing.json.code]).toEqual([404, 'E_NON_EXISTING_ALIAS']);
    // The author the client claims is replaced by the token's name.
    const set = await call('PUT', `${base}/production`, {
      modelId: a.id,
      stamp: { author: 'mallory', at: at(1) },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ alias: 'production', modelId: a.id, author: 'writer' });
    await call('PUT', `${base}/production`, { modelId: b.id, stamp: { at: at(2) } });
    await call('PUT', `${base}/staging`, { modelId: a.id, stamp: { at: at(3) } });

    const list = await call('GET', base);
    expect(list.json.items?.map((x) => [x.alias, x.modelId])).toEqual([
      ['production', b.id],
      ['staging', a.id],
    ]);
    expect((await call('GET', `${base}/production`)).json.modelId).toBe(b.id);
    const latest = await call('PUT', `${base}/latest`, { modelId: a.id, stamp: { at: at(4) } });
    expect([latest.status, latest.json.code]).toEqual([400, 'E_INVALID_INPUT']);
    const foreign = await push('aliases/tasks/other', { name: 'x', ...none });
    const wrongTask = await call('PUT', `${base}/production`, { modelId: foreign.id });
    expect([wrongTask.status, wrongTask.json.code]).toEqual([404, 'E_NON_EXISTING_MODEL']);

    const removed = await call('DELETE', `${base}/production?at=${encodeURIComponent(at(5))}`);
    expect(removed.status).toBe(204);
    const again = await call('DELETE', `${base}/production`);
    expect([again.status, again.json.code]).toEqual([404, 'E_NON_EXISTING_ALIAS']);
    const history = await call('GET', `${base}/production/history`);
    expect(history.json.items?.map((e) => [e.modelId, e.previousModelId, e.at, e.author])).toEqual([
      [null, b.id, at(5), 'writer'],
      [b.id, a.id, at(2), 'writer'],
      [a.id, null, at(1), 'writer'],
    ]);
  });

  it('a model an alias points at is deleted only with force, which records the removal', async () => {
    const m = await push('aliases/tasks/guarded', { name: 'm', ...none });
    const base = `/metadata/tasks/${m.taskId}/aliases`;
    await call('PUT', `${base}/production`, { modelId: m.id });
    const refused = await call('DELETE', `/metadata/models/${m.id}`);
    expect([refused.status, refused.json.code]).toEqual([409, 'E_MODEL_HAS_ALIASES']);
    const byName = await call('DELETE', '/projects/aliases/tasks/guarded/models/m');
    expect([byName.status, byName.json.code]).toEqual([409, 'E_MODEL_HAS_ALIASES']);
    expect((await call('DELETE', `/metadata/models/${m.id}?force=true`)).status).toBe(204);
    expect((await call('GET', base)).json.items).toEqual([]);
    const history = await call('GET', `${base}/production/history`);
    expect(history.json.items?.[0]).toMatchObject({
      modelId: null,
      previousModelId: m.id,
      author: 'writer',
    });
  });
});

describe('tags and aliases by name', () => {
  it('PATCH tags of a task and a model; PUT, GET, DELETE an alias and its history, @latest too', async () => {
    const one = await push('named/tasks/t', { name: 'one', ...none });
    await push('named/tasks/t', { name: 'two', ...none });
    const base = '/projects/named/tasks/t';
    expect((await call('PATCH', `${base}/tags`, { team: 'nlp' })).json.tags).toEqual({
      team: 'nlp',
    });
    const tagged = await call('PATCH', `${base}/models/one/tags`, { stage: 'prod' });
    expect([tagged.status, tagged.json.tags]).toEqual([200, { stage: 'prod' }]);

    const set = await call('PUT', `${base}/aliases/production`, { model: 'one', author: 'eve' });
    expect(set.json).toMatchObject({ alias: 'production', modelId: one.id, author: 'writer' });
    expect((await call('GET', `${base}/aliases/production`)).json.name).toBe('one');
    expect((await call('GET', `${base}/aliases/latest`)).json.name).toBe('two');
    const list = await call('GET', `${base}/aliases`);
    expect(list.json.items).toEqual([
      expect.objectContaining({ alias: 'production', modelName: 'one', author: 'writer' }),
    ]);
    const noModel = await call('PUT', `${base}/aliases/staging`, {});
    expect([noModel.status, noModel.json.code]).toEqual([400, 'E_INVALID_INPUT']);
    const absent = await call('PUT', `${base}/aliases/staging`, { model: 'nope' });
    expect([absent.status, absent.json.code]).toEqual([404, 'E_NON_EXISTING_MODEL']);

    // A forced delete by name removes the alias, stamped with the token's name.
    const refused = await call('DELETE', `${base}/models/one`);
    expect([refused.status, refused.json.code]).toEqual([409, 'E_MODEL_HAS_ALIASES']);
    expect((refused.json.fields as { aliases?: string[] }).aliases).toEqual(['production']);
    expect((await call('DELETE', `${base}/models/one?force=true`)).status).toBe(204);
    const history = await call('GET', `${base}/aliases/production/history`);
    expect(history.json.items?.map((e) => [e.modelId, e.previousModelId, e.author])).toEqual([
      [null, one.id, 'writer'],
      [one.id, null, 'writer'],
    ]);
    const gone = await call('DELETE', `${base}/aliases/production`);
    expect([gone.status, gone.json.code]).toEqual([404, 'E_NON_EXISTING_ALIAS']);
  });
});

describe('search', () => {
  const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
  beforeAll(async () => {
    for (const [i, name] of names.entries())
      await push('search/tasks/t', {
        name,
        params: { lr: i % 2 ? 0.01 : 0.1, optimizer: 'adam' },
        tags: { stage: i < 3 ? 'candidate' : 'production', 'odd%_key': "it's" },
        ...none,
      });
  });

  it('GET /search pages by cursor through every match, with tags and params filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ project: 'search', orderBy: 'name', order: 'asc' });
      query.set('limit', '2');
      query.append('tag', 'stage=candidate');
      if (cursor) query.set('cursor', cursor);
      const page = await call('GET', `/search?${query}`, undefined, s.tokens.read);
      expect(page.status, JSON.stringify(page.json)).toBe(200);
      seen.push(...(page.json.models as ModelJson[]).map((m) => m.name));
      cursor = page.json.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['alpha', 'beta', 'gamma']);
    const params = new URLSearchParams([
      ['project', 'search'],
      ['param', 'lr=0.01'],
      ['param', 'optimizer=adam'],
      ['tag', "odd%_key=it's"],
    ]);
    const filtered = await call('GET', `/search?${params}`, undefined, s.tokens.read);
    expect((filtered.json.models as ModelJson[]).map((m) => m.name).sort()).toEqual([
      'beta',
      'delta',
    ]);
    expect(filtered.json.nextCursor).toBeNull();
    const every = new URLSearchParams({
      project: 'search',
      task: 't',
      namePrefix: 'e',
      author: 'writer',
      createdAfter: '2020-01-01T00:00:00.000Z',
      createdBefore: new Date(Date.now() + 60_000).toISOString(),
      orderBy: 'name',
      order: 'asc',
    });
    const all = await call('GET', `/search?${every}`, undefined, s.tokens.read);
    expect((all.json.models as ModelJson[]).map((m) => m.name)).toEqual(['epsilon']);
    every.set('createdBefore', '2020-01-01T00:00:00.000Z');
    const none = await call('GET', `/search?${every}`, undefined, s.tokens.read);
    expect(none.json).toEqual({ models: [], nextCursor: null });
  });

  it('refuses a cursor of another query, an unknown parameter and a bad limit (400)', async () => {
    const first = await call('GET', '/search?project=search&limit=1', undefined, s.tokens.read);
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    for (const query of [
      `project=search&tag=stage=production&cursor=${cursor}`,
      'project=search&cursor=garbage',
      'project=search&colour=red',
      'project=search&limit=many',
      'project=search&limit=5000',
      'tag=novalue',
    ]) {
      const res = await call('GET', `/search?${query}`, undefined, s.tokens.read);
      expect([query, res.status, res.json.code]).toEqual([query, 400, 'E_INVALID_INPUT']);
    }
  });

  it('POST /metadata/models/search takes a checked ModelSearch with a read token', async () => {
    const task = (await call('GET', '/projects/search/tasks/t')).json as { id: string };
    const search = {
      projectId: null,
      taskId: task.id,
      namePrefix: 'e',
      tags: {},
      params: {},
      author: null,
      createdAfter: null,
      createdBefore: null,
      orderBy: 'name',
      order: 'asc',
      limit: 10,
      after: null,
    };
    const res = await call('POST', '/metadata/models/search', search, s.tokens.read);
    expect([res.status, res.json.items?.map((m) => m.name)]).toEqual([200, ['epsilon']]);
    const bad = await call('POST', '/metadata/models/search', { ...search, limit: 0 });
    expect([bad.status, bad.json.code]).toEqual([400, 'E_INVALID_INPUT']);
  });
});
