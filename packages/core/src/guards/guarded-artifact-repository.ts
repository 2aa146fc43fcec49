import type { Readable } from 'node:stream';
import {
  type ArtifactSource,
  fileIdentity,
  sourceFilePath,
  toReadable,
} from '../artifacts/artifact-source.js';
import { type DigestState, digestStream } from '../artifacts/digest-stream.js';
import { verifyStream } from '../artifacts/verifying-stream.js';
import type {
  ArtifactRepository,
  ArtifactUpload,
  StoredArtifact,
} from '../contracts/artifact-repository.js';
import { ArtifactSourceError } from '../errors/artifact-errors.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { BackendError, ClosedError, NotSupportedError } from '../errors/store-errors.js';
import { ArtifactNameSet, validateId, validateSafeArtifactPath } from '../objects/names.js';
import type { ArtifactDescriptor, JsonObject } from '../objects/records.js';
import { onceClose, wrapFailure } from './wrap-failure.js';

/**
 * The core's guard around any {@link ArtifactRepository}: it validates model ids and names before the
 * plugin sees them, computes each file's size and sha256 while it streams to the plugin, verifies them
 * on read, wraps plugin failures in `EboniteError`s and makes `close()` idempotent.
 */
export class GuardedArtifactRepository implements ArtifactRepository {
  readonly specificationVersion = 'v1' as const;
  readonly #close: () => Promise<void>;
  #closed = false;

  constructor(readonly inner: ArtifactRepository) {
    this.#close = onceClose(() =>
      wrapFailure(`Closing the ${inner.type} artifact repository`, () => inner.close()),
    );
  }

  get type(): string {
    return this.inner.type;
  }

  /**
   * Pushes the files of one model and returns their descriptors (name, size, `sha256:` digest), in the
   * given order. Nothing is left stored when it throws.
   */
  async push(
    modelId: string,
    files: AsyncIterable<ArtifactUpload> | Iterable<[string, ArtifactSource]>,
  ): Promise<ArtifactDescriptor[]> {
    this.#open();
    validateId('model', modelId);
    const digests: Array<{ name: string; state: DigestState }> = [];
    let sourceFailure: { name: string; error: unknown } | undefined;
    const sourceFiles: Array<{ name: string; path: string; identity: string }> = [];
    const uploads = async function* (): AsyncGenerator<ArtifactUpload> {
      const names = new ArtifactNameSet();
      for await (const item of files as AsyncIterable<ArtifactUpload | [string, ArtifactSource]>) {
        const [name, body, sourcePath] = Array.isArray(item)
          ? [item[0], toReadable(item[1]), sourceFilePath(item[1])]
          : [item.name, item.body, item.sourcePath];
        if (sourcePath)
          sourceFiles.push({ name, path: sourcePath, identity: await fileIdentity(sourcePath) });
        names.add(name);
        if (body.destroyed || body.readableEnded)
          throw new InvalidInputError(
            `The source stream of artifact "${name}" was already consumed or closed: give a fresh stream.`,
          );
        body.on('error', (error) => {
          sourceFailure ??= { name, error };
        });
        const { stream, state } = digestStream(body);
        // The source may fail before the plugin attaches its own listeners; the plugin still sees the
        // failure through the stream's errored state (stream.pipeline / finished report it).
        stream.on('error', () => undefined);
        digests.push({ name, state });
        yield sourcePath ? { name, body: stream, sourcePath } : { name, body: stream };
      }
    };
    /** Fails the push when a `{ path }` source changed while it was pushed (its bytes and digest may disagree). */
    const changedSourceCheck = async (cause?: unknown) => {
      for (const file of sourceFiles) {
        if ((await fileIdentity(file.path).catch(() => 'gone')) === file.identity) continue;
        await this.inner.delete(modelId).catch(() => undefined);
        throw new ArtifactSourceError(
          file.name,
          `The file ${file.path} (artifact "${file.name}") changed while it was pushed; nothing of model ${modelId} was stored. Push it again once it is complete.`,
          cause === undefined ? {} : { cause },
        );
      }
    };
    const stored = await wrapFailure(
      `Pushing the artifacts of model ${modelId} to the ${this.type} artifact repository`,
      () => this.inner.push(modelId, uploads()),
    ).catch(async (error) => {
      // Files already stored under this id belong to another push: report that, never touch them.
      if (EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS')) throw error;
      await changedSourceCheck(error);
      if (!sourceFailure) throw error;
      const { name, error: cause } = sourceFailure;
      throw new ArtifactSourceError(
        name,
        `Reading the source of artifact "${name}" failed (${cause instanceof Error ? cause.message : String(cause)}); nothing of model ${modelId} was stored.`,
        { cause },
      );
    });
    await changedSourceCheck();
    const descriptors = digests.map(({ name, state }) => ({
      name,
      size: state.size,
      digest: state.digest,
    }));
    const incomplete = descriptors.find(
      (d) => d.digest === undefined || stored.find((s) => s.name === d.name)?.size !== d.size,
    );
    if (incomplete || stored.length !== descriptors.length) {
      await this.inner.delete(modelId).catch(() => undefined);
      throw new BackendError(
        `The ${this.type} artifact repository reported ${stored.length} stored file(s) for model ${modelId} that do not match the ${descriptors.length} streamed; nothing was kept. This is a bug in the repository plugin.`,
      );
    }
    return descriptors as ArtifactDescriptor[];
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    this.#open();
    validateId('model', modelId);
    return wrapFailure(
      `Listing the artifacts of model ${modelId} in the ${this.type} artifact repository`,
      () => this.inner.list(modelId),
    );
  }

  /** Opens one file; with `expected`, the stream fails with `ArtifactIntegrityError` when the bytes do not match it. */
  async open(modelId: string, name: string, expected?: ArtifactDescriptor): Promise<Readable> {
    this.#open();
    validateId('model', modelId);
    validateSafeArtifactPath(name);
    const stream = await wrapFailure(
      `Opening artifact "${name}" of model ${modelId} in the ${this.type} artifact repository`,
      () => this.inner.open(modelId, name),
    );
    if (!expected) return stream;
    // A failure of the source fails the returned stream; a reader that stops early destroys the source.
    return verifyStream(stream, modelId, expected);
  }

  async delete(modelId: string): Promise<void> {
    this.#open();
    validateId('model', modelId);
    return wrapFailure(
      `Deleting the artifacts of model ${modelId} in the ${this.type} artifact repository`,
      () => this.inner.delete(modelId),
    );
  }

  /** When the model's newest file was written, or undefined (no files, or a repository that cannot tell). */
  async lastModified(modelId: string): Promise<string | undefined> {
    this.#open();
    validateId('model', modelId);
    const inner = this.inner;
    if (!inner.lastModified) return undefined;
    return wrapFailure(
      `Reading the age of model ${modelId}'s files in the ${this.type} artifact repository`,
      () => inner.lastModified!(modelId),
    );
  }

  async *listModelIds(): AsyncGenerator<string> {
    this.#open();
    const iterator = this.inner.listModelIds()[Symbol.asyncIterator]();
    while (true) {
      const next = await wrapFailure(
        `Listing the models of the ${this.type} artifact repository`,
        () => iterator.next(),
      );
      if (next.done) return;
      yield next.value;
    }
  }

  /** Removes everything the repository stores (see the contract); `E_NOT_SUPPORTED` when it cannot. */
  async clear(): Promise<void> {
    const inner = this.inner;
    if (this.#closed) throw new ClosedError(`The ${this.type} artifact repository`);
    if (!inner.clear) throw new NotSupportedError(`Clearing a ${this.type} artifact repository`);
    return wrapFailure(`Clearing the ${this.type} artifact repository`, () => inner.clear!());
  }

  getConfig(): JsonObject | undefined {
    return this.inner.getConfig?.();
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#close();
  }

  #open(): void {
    if (this.#closed) throw new ClosedError(`The ${this.type} artifact repository`);
  }
}
