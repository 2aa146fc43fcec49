import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathInside as kitPathInside, type StoredArtifact } from '@ebonite/core/plugin';
import type { Volume } from 'memfs';

const posix = path.posix;

/** The volume path of artifact `name` under `base` (posix paths: memfs), strictly inside it. */
export function pathInside(base: string, name: string): string {
  return kitPathInside(base, name, posix);
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
