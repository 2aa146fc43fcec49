import { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import type { MetadataStore } from './metadata-store.js';

/** A store in this process's memory: each commit is one synchronous step, so it is atomic by construction. */
export class MemoryStore implements MetadataStore {
  readonly #state = new MetadataState();

  async read<T>(view: (state: MetadataState) => T): Promise<T> {
    return view(this.#state);
  }

  async commit(plan: (state: MetadataState) => Operation): Promise<void> {
    this.#state.apply(plan(this.#state));
  }

  async close(): Promise<void> {}
}
