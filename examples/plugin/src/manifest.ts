import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import {
  type ArtifactDescriptor,
  ArtifactExistsError,
  CorruptedStoreError,
  errorCode,
} from '@ebonite/core/plugin';

/** What `<root>/models/<modelId>.json` holds: the model's files and the blob each one is. */
export interface Manifest {
  format: 'ebonite-cas-manifest';
  version: 1;
  modelId: string;
  /** Sorted by name. `digest` is `sha256:<hex>`, which names the blob. */
  files: ArtifactDescriptor[];
}

/** Reads a manifest; `null` when the model has none. Throws `CorruptedStoreError` for an unreadable one. */
export async function readManifest(path: string, modelId: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (
      manifest.format !== 'ebonite-cas-manifest' ||
      manifest.version !== 1 ||
      !Array.isArray(manifest.files)
    )
      throw new Error('not a version 1 manifest');
    return manifest;
  } catch (cause) {
    throw new CorruptedStoreError(
      `The manifest of model ${modelId} (${path}) cannot be read: restore it from a backup, or delete it to forget the model's files.`,
      { cause },
    );
  }
}

/**
 * Writes a manifest atomically and exclusively: the JSON goes to a temporary file (flushed to disk),
 * which is then hard-linked to its final name. `link` fails when the name exists, so of two pushes
 * of one model exactly one succeeds (the other gets `ArtifactExistsError`), and a reader sees either
 * no manifest or a whole one, also after a crash.
 */
export async function createManifest(path: string, manifest: Manifest): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', flush: true });
  try {
    await link(temporary, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST')
      throw new ArtifactExistsError(manifest.modelId, { cause: error });
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
