export { SqlMetadataRepository } from './sql-metadata-repository.js';
export { sqlMetadata, ebonitePlugin } from './plugin.js';
export { DriverNotInstalledError } from './load-driver.js';
export { parseUrl, redactUrl, type SqlDialectName } from './url.js';
export type { SqlLayoutOptions, SqlMetadataKyselyOptions, SqlMetadataOptions, SqlMetadataUrlOptions } from './options.js';
export type { EboniteTables, ModelRow, ProjectRow, TaskRow } from './tables.js';
