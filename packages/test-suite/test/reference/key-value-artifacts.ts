import { Readable } from 'node:stream';
import {
  ArtifactExistsError,
  type ArtifactRepository,
  type ArtifactUpload,
  NoSuchArtifactError,
  type StoredArtifact,
} from '@ebonite/core/plugin';

/**
 * A second reference artifact repository, shaped like an object store: one flat Map of keys
 * `model/<id>/<name>` to bytes, listed by prefix. Its protected methods are the seams where the broken
 * variants of the suite's own tests go wrong.
 */
export class KeyValueArtifacts implements ArtifactRepository {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'reference-key-value';

  constructor(readonly objects: Map<string, Buffer> = new Map()) {}

  /** The listing prefix of a model: always with the trailing `/`. */
  protected prefix(modelId: string): string {
    return `model/${modelId}/`;
  }

  protected keys(modelId: string): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(this.prefix(modelId)));
  }

  /** Removes what a failed push wrote. */
  protected async discard(keys: string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    if (this.keys(modelId).length) throw new ArtifactExistsError(modelId);
    const written: string[] = [];
    const stored: StoredArtifact[] = [];
    try {
      for await (const { name, body } of files) {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        const key = `model/${modelId}/${name}`;
        this.objects.set(key, Buffer.concat(chunks));
        written.push(key);
        stored.push({ name, size: this.objects.get(key)?.length ?? 0 });
      }
      return stored;
    } catch (error) {
      await this.discard(written);
      throw error;
    }
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    const prefix = this.prefix(modelId);
    return this.keys(modelId)
      .sort()
      .map((key) => ({ name: key.slice(prefix.length), size: this.objects.get(key)?.length ?? 0 }));
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const bytes = this.objects.get(`model/${modelId}/${name}`);
    if (!bytes) throw new NoSuchArtifactError(modelId, name);
    return Readable.from(bytes.length ? [bytes] : [], { objectMode: false });
  }

  async delete(modelId: string): Promise<void> {
    for (const key of this.keys(modelId)) this.objects.delete(key);
  }

  async *listModelIds(): AsyncGenerator<string> {
    const ids = new Set([...this.objects.keys()].map((key) => key.split('/')[1] as string));
    yield* ids;
  }

  async close(): Promise<void> {}
}
