import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  InvalidInputError,
  type StoredArtifact,
  validateSafeArtifactPath,
} from '@ebonite/core/plugin';
import type { Volume } from 'memfs';

const posix = path.posix;

/**
 * The volume path of artifact `name` (`/`-separated) under `base`: validates the name again and checks
 * the resolved path stays strictly inside `base`.
 */
export function pathInside(base: string, name: string): string {
  validateSafeArtifactPath(name);
  const full = posix.resolve(base, name);
  if (!full.startsWith(`${base}/`)) {
    throw new InvalidInputError(
      `Artifact name ${JSON.stringify(name)} resolves outside its model folder: use a relative name without "..".`,
    );
  }
  return full;
}

/** Streams `body` into a new volume file (never over an existing one); resolves with the bytes written. Destroys `body` on failure. */
export async function writeVolumeFile(
  volume: Volume,
  file: string,
  body: Readable,
): Promise<number> {
  try {
    volume.mkdirSync(posix.dirname(file), { recursive: true });
    const out = volume.createWriteStream(file, { fd: volume.openSync(file, 'wx') });
    await pipeline(body, out);
    return out.bytesWritten;
  } catch (error) {
    body.destroy(); // also when the file could not be created: the source is not read any further
    throw error;
  }
}

/** True when `folder` exists in the volume and holds at least one entry. */
export function hasEntries(volume: Volume, folder: string): boolean {
  return (
    volume.existsSync(folder) &&
    volume.statSync(folder).isDirectory() &&
    volume.readdirSync(folder).length > 0
  );
}

/** The regular files under `folder`, recursively, named relative to it with `/`; `[]` when it is missing. */
export function listVolumeFiles(volume: Volume, folder: string, prefix = ''): StoredArtifact[] {
  if (prefix === '' && !volume.existsSync(folder)) return [];
  const found: StoredArtifact[] = [];
  for (const entry of volume.readdirSync(folder, { withFileTypes: true }) as Array<{
    name: string | Buffer;
    isDirectory(): boolean;
    isFile(): boolean;
  }>) {
    const name = prefix + String(entry.name);
    const full = posix.join(folder, String(entry.name));
    if (entry.isDirectory()) found.push(...listVolumeFiles(volume, full, `${name}/`));
    else if (entry.isFile()) found.push({ name, size: volume.statSync(full).size });
  }
  return found;
}

/** Sorts names by UTF-16 code units (not locale), the order `list()` promises. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The `code` of a file-system error, if any. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}
