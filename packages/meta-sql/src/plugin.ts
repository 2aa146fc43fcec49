import type { EbonitePlugin, JsonObject, MetadataRepository } from '@ebonite/core/plugin';
import { type SqlMetadataOptions, urlOptionsFromJson } from './options.js';
import { SqlMetadataRepository } from './sql-metadata-repository.js';

/**
 * A SQL metadata repository: `sqlMetadata({ url: 'sqlite:///abs/registry.db' })`, a server URL,
 * or `sqlMetadata({ db: myKysely, dialect: 'postgres' })` on a Kysely instance you keep (and close) yourself.
 * Nothing connects until the first call, which also creates or migrates the tables.
 */
export function sqlMetadata(options: SqlMetadataOptions): SqlMetadataRepository {
  return new SqlMetadataRepository(options);
}

// The factory type names the core's `MetadataRepository`, which means contract v1 until the core
// switches it to v2; the repository implements v2 (a cast to drop once the core has switched).
const fromJson = (type: string) => (options: JsonObject) =>
  new SqlMetadataRepository(urlOptionsFromJson(options, type)) as unknown as MetadataRepository;

/** The plugin entry: metadata types `sqlalchemy` (the name Ebonite users know) and `sql`, options `{ url, tablePrefix?, schema? }`. */
export const ebonitePlugin: EbonitePlugin = {
  metadata: { sqlalchemy: fromJson('sqlalchemy'), sql: fromJson('sql') },
};
