import type { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';

/**
 * Where a {@link StateMetadataRepository} keeps its state: plain memory, or a metadata.json file with
 * its journal. The repository decides what a call means; the store makes it durable and shared.
 */
export interface MetadataStore {
  /** Runs `view` on a state that includes every write committed (by any process) before the call. */
  read<T>(view: (state: MetadataState) => T): Promise<T>;
  /**
   * Runs `plan` with exclusive access to the latest state; the operation it returns (it throws to
   * refuse) is made durable, then applied. Resolves once the operation is committed. A plan that
   * returns null (nothing to change) writes nothing.
   */
  commit(plan: (state: MetadataState) => Operation | null): Promise<void>;
  /** Persists what must be and releases every handle. */
  close(): Promise<void>;
}
