import type { Ebonite } from '@ebonite/core';
import type { ArtifactReadBack, MetadataReadBack } from '@ebonite/test-suite';

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
