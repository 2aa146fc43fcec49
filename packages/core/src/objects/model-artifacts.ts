import type { Readable } from 'node:stream';
import { type MaterializeOptions, materializeFiles } from '../artifacts/materialize.js';
import { NoSuchArtifactError } from '../errors/artifact-errors.js';
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

  /**
   * Every file read into memory, by name (a prototype-free object, so any name is an own key): for
   * small models; use `open` or `materialize` for large ones.
   */
  async bytesDict(): Promise<Record<string, Uint8Array>> {
    const out: Record<string, Uint8Array> = Object.create(null);
    for (const { name } of this.descriptors) {
      const chunks: Buffer[] = [];
      for await (const chunk of await this.open(name)) chunks.push(chunk as Buffer);
      out[name] = Buffer.concat(chunks);
    }
    return out;
  }

  /**
   * Recreates the files under `dir` (sub-folders included), each verified while it streams. The
   * destination ends up with the whole model or nothing of it: the files are staged inside `dir` and
   * renamed into place only when all arrived verified. Symbolic links inside `dir` are refused.
   * Returns the absolute paths written. Throws `InvalidInputError`, `ArtifactIntegrityError`.
   */
  materialize(dir: string, options?: MaterializeOptions): Promise<string[]> {
    const files = this.descriptors.map(({ name }) => ({ name, open: () => this.open(name) }));
    return materializeFiles(dir, files, options);
  }
}
