import type { JsonObject } from '@ebonite/core/plugin';
import { MemoryStore } from './repository/memory-store.js';
import { StateMetadataRepository } from './repository/state-metadata-repository.js';

/** Metadata in this process's memory, with exactly the rules of the `local` repository; gone at exit. */
export class InMemoryMetadataRepository extends StateMetadataRepository {
  static readonly type = 'inmemory';
  readonly type = 'inmemory';

  constructor() {
    super(new MemoryStore());
  }

  /** `{}`: the options of a new, empty in-memory repository (the content itself cannot be described). */
  getConfig(): JsonObject {
    return {};
  }
}

/** A new, empty `inmemory` metadata repository. */
export function inMemoryMetadata(): InMemoryMetadataRepository {
  return new InMemoryMetadataRepository();
}
