import { type ArtifactDescriptor, ArtifactIntegrityError, type ModelRecord } from '@ebonite/core';

/**
 * The descriptors (sizes and sha256 digests computed by the server's core) of recent pushes by model
 * id, so that the metadata record the remote client commits next is checked against the bytes the
 * server really received: a record whose artifacts do not match is refused. Bounded: the oldest are
 * forgotten first, and a record for a push the server no longer remembers is checked by the client's
 * core alone (it lists the files before committing).
 */
export class RecentPushes {
  readonly #pushes = new Map<string, ArtifactDescriptor[]>();

  constructor(readonly capacity = 10_000) {}

  remember(modelId: string, descriptors: ArtifactDescriptor[]): void {
    this.#pushes.delete(modelId);
    this.#pushes.set(modelId, descriptors);
    if (this.#pushes.size > this.capacity) {
      const oldest = this.#pushes.keys().next().value;
      if (oldest !== undefined) this.#pushes.delete(oldest);
    }
  }

  forget(modelId: string): void {
    this.#pushes.delete(modelId);
  }

  /** Throws `ArtifactIntegrityError` when `record` describes the files of a remembered push otherwise. */
  check(record: Pick<ModelRecord, 'id' | 'artifacts'>): void {
    const pushed = this.#pushes.get(record?.id);
    if (!pushed || !Array.isArray(record.artifacts)) return;
    const received = new Map(pushed.map((d) => [d.name, d]));
    for (const claimed of record.artifacts) {
      const actual = received.get(claimed?.name);
      if (actual && actual.size === claimed.size && actual.digest === claimed.digest) continue;
      throw new ArtifactIntegrityError(
        record.id,
        String(claimed?.name),
        { size: claimed?.size, digest: claimed?.digest },
        actual ?? { size: 0, digest: '(not received by the server)' },
      );
    }
  }
}
