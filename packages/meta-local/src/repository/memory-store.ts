import { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import type { MetadataStore } from './metadata-store.js';

/** A store in this process's memory: each commit is one synchronous step, so it is atomic by construction. */
export class MemoryStore implements MetadataStore {
  readonly #state = new MetadataState();

  async read<T>(view: (state: MetadataState) => T): Promise<T> {
    return view(this.#state);
  }

  async commit(plan: (state: MetadataState) => Operation | null): Promise<void> {
    const operation = plan(this.#state);
    if (operation) this.#state.apply(operation);
  }

  async close(): Promise<void> {}
}
