import { Model } from '@ebonite/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, startTestServer, type TestServer } from './helpers/test-server.js';

// Importing alias history keeps its entries' authors: on a server that signs changes with the token's
// name, only an admin may do it (a write token could otherwise record moves under anyone's name).

let s: TestServer;
let taskId: string;
let modelId: string;

beforeAll(async () => {
  s = await startTestServer();
  const task = await s.client.getOrCreateTask('p', 't');
  taskId = task.id;
  modelId = (await s.client.pushModel(Model.create({ name: 'm', artifacts: {} }), task)).id;
});
afterAll(() => s.close());

const importEvents = (token: string) =>
  fetch(`${s.url}/api/v1/metadata/tasks/${taskId}/alias-events`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify({
      items: [
        {
          taskId,
          alias: 'production',
          modelId,
          previousModelId: null,
          at: '2026-01-01T00:00:00.000Z',
          author: 'someone-else',
        },
      ],
    }),
  });

it('refuses a write token and changes nothing', async () => {
  const refused = await importEvents(s.tokens.write);
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe('E_FORBIDDEN');
  expect(await s.client.meta.getAliasEvents(taskId)).toEqual([]);
});

it('takes an admin token, keeping the authors as given', async () => {
  expect((await importEvents(s.tokens.admin)).status).toBe(204);
  const [event] = await s.client.meta.getAliasEvents(taskId);
  expect(event?.author).toBe('someone-else');
  expect((await s.client.getAliases((await s.client.getTask('p', 't'))!))[0]?.modelId).toBe(
    modelId,
  );
});
