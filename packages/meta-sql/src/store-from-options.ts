import { rejectDurabilityOnInjected } from './durability.js';
import { checkUrlOptions, dialectOf, type SqlMetadataOptions } from './options.js';
import { SqlStore } from './sql-store.js';
import { checkSchema, tableNames } from './tables.js';
import { parseUrl } from './url.js';

/** Checks a repository's options and makes the store behind it (nothing connects yet). */
export function storeFromOptions(options: SqlMetadataOptions): SqlStore {
  const names = tableNames(options.tablePrefix);
  if ('url' in options) {
    const target = parseUrl(options.url);
    return new SqlStore(
      { url: options.url, target, settings: checkUrlOptions(options, target.dialect) },
      names,
      checkSchema(options.schema, target.dialect),
    );
  }
  rejectDurabilityOnInjected(options);
  const dialect = dialectOf(options);
  return new SqlStore({ db: options.db, dialect }, names, checkSchema(options.schema, dialect));
}
