import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localArtifacts } from '@ebonite/artifact-fs';
import { Ebonite } from '@ebonite/core';
import { sqlMetadata } from '@ebonite/meta-sql';
import {
  createServer,
  createToken,
  type RegistryServer,
  type ServerOptions,
} from '@ebonite/server';

/** A registry server on loopback over a client of its own, with a token of each scope. */
export interface TestRegistry {
  url: string;
  port: number;
  tokens: { read: string; write: string; admin: string };
  tokensFile: string;
  dir: string;
  /** The server's own client: reads the stores without going through HTTP. */
  client: Ebonite;
  server: RegistryServer;
  /** Stops the server (the client stays open). */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port. */
  restartServer(): Promise<void>;
  /** Stops everything and removes the folder. */
  close(): Promise<void>;
}

/** A server backed by SQLite and local files in a fresh temporary folder (or by `makeClient`). */
export async function startRegistry(
  options: ServerOptions & { makeClient?: (dir: string) => Promise<Ebonite> } = {},
): Promise<TestRegistry> {
  const { makeClient, ...serverOptions } = options;
  const dir = await mkdtemp(join(tmpdir(), 'ebonite-server-'));
  const client = makeClient
    ? await makeClient(dir)
    : new Ebonite(
        sqlMetadata({ url: `sqlite://${join(dir, 'registry.db')}` }),
        localArtifacts({ root: join(dir, 'artifacts') }),
      );
  const tokensFile = join(dir, 'tokens.json');
  const tokens = {
    read: (await createToken(tokensFile, { name: 'reader', scope: 'read' })).token,
    write: (await createToken(tokensFile, { name: 'writer', scope: 'write' })).token,
    admin: (await createToken(tokensFile, { name: 'admin', scope: 'admin' })).token,
  };
  const make = () => createServer(client, { logger: false, tokens: tokensFile, ...serverOptions });
  let server = make();
  const url = await server.listen({ port: 0 });
  const port = Number(new URL(url).port);
  const registry: TestRegistry = {
    url,
    port,
    tokens,
    tokensFile,
    dir,
    client,
    get server() {
      return server;
    },
    stopServer: () => server.close({ timeoutMs: 1000 }),
    async restartServer() {
      server = make();
      await server.listen({ port });
    },
    async close() {
      await server.close({ timeoutMs: 1000 }).catch(() => undefined);
      await client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return registry;
}
