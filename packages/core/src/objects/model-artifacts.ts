import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NoSuchArtifactError } from '../errors/artifact-errors.js';
import { InvalidInputError } from '../errors/input-errors.js';
import type { GuardedArtifactRepository } from '../guards/guarded-artifact-repository.js';
import type { ArtifactDescriptor } from './records.js';

/**
 * The artifacts of a persisted model, read back from its artifact repository. Every read is checked
 * against the size and sha256 recorded at push time (`ArtifactIntegrityError` on a mismatch).
 */
export class ModelArtifacts {
  constructor(
    private readonly repository: GuardedArtifactRepository,
    private readonly modelId: string,
    private readonly descriptors: readonly ArtifactDescriptor[],
  ) {}

  /** The model's files as recorded in its metadata: name, size and `sha256:` digest. */
  async list(): Promise<ArtifactDescriptor[]> {
    return this.descriptors.map((d) => ({ ...d }));
  }

  /** Opens one file as a stream, verified against its descriptor. Throws `NoSuchArtifactError` for a name the model does not have. */
  open(name: string): Promise<Readable> {
    const descriptor = this.descriptors.find((d) => d.name === name);
    if (!descriptor) return Promise.reject(new NoSuchArtifactError(this.modelId, name));
    return this.repository.open(this.modelId, name, descriptor);
  }

  /** Every file read into memory, by name: for small models; use `open` or `materialize` for large ones. */
  async bytesDict(): Promise<Record<string, Uint8Array>> {
    const out: Record<string, Uint8Array> = {};
    for (const { name } of this.descriptors) {
      const chunks: Buffer[] = [];
      for await (const chunk of await this.open(name)) chunks.push(chunk as Buffer);
      out[name] = Buffer.concat(chunks);
    }
    return out;
  }

  /**
   * Recreates the files under `dir` (sub-folders included), each verified while it streams and written
   * under a temporary name first, so a failed or corrupted read never leaves a partial file behind.
   * Returns the absolute paths written.
   */
  async materialize(dir: string): Promise<string[]> {
    const root = resolve(dir);
    const written: string[] = [];
    for (const { name } of this.descriptors) {
      const target = join(root, ...name.split('/'));
      if (!target.startsWith(root + sep))
        throw new InvalidInputError(`Artifact "${name}" would be written outside ${root}.`);
      await mkdir(dirname(target), { recursive: true });
      const temporary = `${target}.ebonite-partial-${process.pid}`;
      try {
        await pipeline(await this.open(name), createWriteStream(temporary, { flags: 'wx' }));
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      written.push(target);
    }
    return written;
  }
}
