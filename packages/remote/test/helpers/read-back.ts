import { fileURLToPath } from 'node:url';
import type { Ebonite, JsonObject } from '@ebonite/core';
import type {
  ArtifactReadBack,
  MetadataProcessFactory,
  MetadataReadBack,
} from '@ebonite/test-suite';

/**
 * Read-backs through the server's own client: straight to its stores, bypassing HTTP and the `http`
 * plugins under test.
 */
export function readBackThrough(client: () => Ebonite): MetadataReadBack & ArtifactReadBack {
  return {
    project: (id) => client().meta.getProjectById(id),
    task: (id) => client().meta.getTaskById(id),
    model: (id) => client().meta.getModelById(id),
    async file(modelId, name) {
      if (!(await client().artifacts.list(modelId)).some((f) => f.name === name)) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of await client().artifacts.open(modelId, name)) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}

/**
 * The suite's child processes (racing version allocation) reach the server with their own `http`
 * repositories, from the built package; the URL is read when the check runs (the server starts later).
 */
export function httpProcesses(registry: () => { url: string; tokens: { write: string } }) {
  const args = {
    get url() {
      return registry().url;
    },
    get token() {
      return registry().tokens.write;
    },
  };
  return {
    module: fileURLToPath(new URL('../fixtures/http-factory.mjs', import.meta.url)),
    args: args as unknown as JsonObject,
  } satisfies MetadataProcessFactory;
}
