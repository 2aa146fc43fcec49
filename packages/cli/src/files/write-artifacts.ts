import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactDescriptor } from '@ebonite/core';
import { CliError } from '../cli-error.js';

/** Where each artifact goes under `dir`; fails when one would leave it, or (without `force`) already exists. */
export async function plannedTargets(
  dir: string,
  artifacts: readonly ArtifactDescriptor[],
  force: boolean,
): Promise<Map<string, string>> {
  const root = resolve(dir);
  const targets = new Map<string, string>();
  for (const { name } of artifacts) {
    const target = join(root, ...name.split('/'));
    if (!target.startsWith(root + sep))
      throw new CliError('E_USAGE', `Artifact "${name}" would be written outside ${root}.`);
    if (!force && (await stat(target).catch(() => undefined)))
      throw new CliError(
        'E_FILE_EXISTS',
        `${target} exists: pull into an empty folder, or pass --force to overwrite.`,
      );
    targets.set(name, target);
  }
  return targets;
}

/**
 * Writes one artifact to `target`, through a temporary file renamed into place once the stream ended
 * without error (the stream verifies the digest), so a failed or corrupted read leaves no partial file.
 * The stream is opened only once the folder exists, and piped at once, so its errors always have a listener.
 */
export async function writeArtifact(
  open: () => Promise<Readable>,
  target: string,
  onBytes: (bytes: number) => void,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.ebonite-partial-${process.pid}`;
  try {
    await pipeline(
      await open(),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          onBytes(chunk.length);
          yield chunk;
        }
      },
      createWriteStream(temporary, { flags: 'w' }),
    );
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
