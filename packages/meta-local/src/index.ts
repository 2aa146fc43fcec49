export { InMemoryMetadataRepository, inMemoryMetadata } from './inmemory-metadata-repository.js';
export { JOURNAL_FORMAT } from './local/journal-file.js';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './local/snapshot-file.js';
export {
  DEFAULT_COMPACT_AFTER_BYTES,
  DEFAULT_STALE_LOCK_MS,
  type LocalMetadataOptions,
  LocalMetadataRepository,
  localMetadata,
} from './local-metadata-repository.js';
export { ebonitePlugin } from './plugin.js';
export { StateMetadataRepository } from './repository/state-metadata-repository.js';
