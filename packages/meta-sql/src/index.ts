export type { SqliteDurability } from './durability.js';
export { DriverNotInstalledError } from './load-driver.js';
export type {
  SqlLayoutOptions,
  SqlMetadataKyselyOptions,
  SqlMetadataOptions,
  SqlMetadataUrlOptions,
} from './options.js';
export { ebonitePlugin, sqlMetadata } from './plugin.js';
export { redactUrl } from './redact.js';
export { SqlMetadataRepository } from './sql-metadata-repository.js';
export type { EboniteTables, ModelRow, ProjectRow, TaskRow } from './tables.js';
export { parseUrl, type SqlDialectName } from './url.js';
