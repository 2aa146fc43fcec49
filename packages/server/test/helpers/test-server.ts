import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Ebonite } from '@ebonite/core';
import {
  createServer,
  createToken,
  type RegistryServer,
  type ServerOptions,
} from '../../src/index.js';

/** A server on loopback over a local registry of its own, with a token of each scope and its logs. */
export interface TestServer {
  url: string;
  tokens: { read: string; write: string; admin: string };
  tokensFile: string;
  dir: string;
  client: Ebonite;
  server: RegistryServer;
  /** Everything the server logged, as text. */
  logs(): string;
  close(): Promise<void>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ebonite-server-test-'));
  const client = await Ebonite.local({ path: join(dir, 'registry') });
  const tokensFile = join(dir, 'tokens.json');
  const tokens = {
    read: (await createToken(tokensFile, { name: 'reader', scope: 'read' })).token,
    write: (await createToken(tokensFile, { name: 'writer', scope: 'write' })).token,
    admin: (await createToken(tokensFile, { name: 'admin', scope: 'admin' })).token,
  };
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const server = createServer(client, {
    tokens: tokensFile,
    logger: { level: 'debug', stream },
    ...options,
  });
  const url = await server.listen({ port: 0 });
  return {
    url,
    tokens,
    tokensFile,
    dir,
    client,
    server,
    logs: () => text,
    async close() {
      await server.close({ timeoutMs: 1000 }).catch(() => undefined);
      await client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `Authorization: Bearer <token>`. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Pushes a model by name with plain fetch: the manifest, then the files in order. */
export async function pushByName(
  url: string,
  token: string,
  path: string,
  model: {
    /** Absent: the next version. */
    name?: string;
    params?: Record<string, unknown>;
    tags?: Record<string, string>;
    artifacts: Array<{ name: string; bytes: Uint8Array; size?: number; digest?: string }>;
  },
): Promise<Response> {
  const form = new FormData();
  form.append(
    'model',
    JSON.stringify({
      name: model.name,
      params: model.params,
      tags: model.tags,
      artifacts: model.artifacts.map(({ name, size, digest }) => ({ name, size, digest })),
    }),
  );
  for (const a of model.artifacts) form.append('file', new Blob([a.bytes]), a.name);
  return fetch(`${url}/api/v1/projects/${path}/models`, {
    method: 'POST',
    headers: bearer(token),
    body: form,
  });
}
