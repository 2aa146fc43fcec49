import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from './manifest.js';

/** Paths of the files directly in each sub-folder of `dir` (the `blobs/ab/` level), or in `dir` itself. */
async function files(dir: string, depth: 0 | 1): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  if (depth === 0) return entries.map((e) => join(dir, e));
  return (await Promise.all(entries.map((e) => files(join(dir, e), 0)))).flat();
}

/**
 * Removes the blobs under `<root>/blobs` that no manifest names and the files under `<root>/tmp`,
 * when they were last modified more than `olderThanMs` ago. Returns how many it removed.
 */
export async function sweepUnnamedBlobs(
  root: string,
  modelIds: AsyncIterable<string>,
  readManifest: (modelId: string) => Promise<Manifest | null>,
  olderThanMs: number,
): Promise<number> {
  const named = new Set<string>();
  for await (const id of modelIds)
    for (const file of (await readManifest(id))?.files ?? [])
      named.add(file.digest.slice('sha256:'.length));
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  const blobs = await files(join(root, 'blobs'), 1);
  const candidates = [
    ...blobs.filter((path) => !named.has(path.split(/[\\/]/).slice(-2).join(''))),
    ...(await files(join(root, 'tmp'), 0)),
  ];
  for (const path of candidates) {
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => Number.POSITIVE_INFINITY,
    );
    if (modified > cutoff) continue;
    await rm(path, { force: true });
    removed++;
  }
  return removed;
}
