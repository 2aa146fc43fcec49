import {
  checkPluginOptions,
  InvalidInputError,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
} from '@ebonite/core/plugin';
import type { Kysely } from 'kysely';
import type { ConnectSettings } from './connect.js';
import { checkDurability, type SqliteDurability } from './durability.js';
import type { SqlDialectName } from './url.js';

/** Where the ebonite tables live inside the database. */
export interface SqlLayoutOptions {
  /** Prepended to every table and index name (`ebonite_` gives `ebonite_models`), so ebonite can share a database. Default none. */
  tablePrefix?: string;
  /** The PostgreSQL schema (created when missing) or MySQL/MariaDB database holding the tables. Default: the connection's. */
  schema?: string;
}

/** Options of a repository that connects with a URL and closes its connections on close(). */
export interface SqlMetadataUrlOptions extends SqlLayoutOptions {
  /** `sqlite:///abs/path.db`, `sqlite::memory:`, `postgres://user:pass@host:5432/db` or `mysql://user:pass@host:3306/db`. */
  url: string;
  /** Connect timeout of a server; on SQLite, how long a write waits for another process's lock. Default 10,000 ms. */
  timeoutMs?: number;
  /** Most connections to a server at once. Default 10. */
  poolSize?: number;
  /**
   * SQLite only: `'full'` (default) syncs every commit to disk before it returns, so it survives a
   * power loss; `'relaxed'` syncs only at checkpoints (faster; the last commits before a power loss
   * or OS crash may be lost). On a server URL it is InvalidConfigError: durability is the server's.
   */
  durability?: SqliteDurability;
}

/** Options of a repository on a Kysely instance the caller owns: the repository never closes it. */
export interface SqlMetadataKyselyOptions extends SqlLayoutOptions {
  db: Kysely<any>;
  /** The database behind `db`; inferred from kysely's built-in dialects when omitted. */
  dialect?: SqlDialectName;
}

/** Either way of making a SQL metadata repository. */
export type SqlMetadataOptions = SqlMetadataUrlOptions | SqlMetadataKyselyOptions;

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_POOL_SIZE = 10;

const ADAPTERS: Record<string, SqlDialectName> = {
  SqliteAdapter: 'sqlite',
  PostgresAdapter: 'postgres',
  MysqlAdapter: 'mysql',
};

/** The dialect of an injected Kysely instance: as given, or read from its adapter. */
export function dialectOf(options: SqlMetadataKyselyOptions): SqlDialectName {
  if (options.dialect !== undefined) {
    if (!['sqlite', 'postgres', 'mysql'].includes(options.dialect))
      throw new InvalidInputError(
        `Unknown dialect ${JSON.stringify(options.dialect)}: use "sqlite", "postgres" or "mysql".`,
      );
    return options.dialect;
  }
  const adapter = options.db?.getExecutor?.().adapter?.constructor?.name;
  const dialect = adapter ? ADAPTERS[adapter] : undefined;
  if (!dialect)
    throw new InvalidInputError(
      'Cannot tell which database the Kysely instance talks to: pass dialect: "sqlite", "postgres" or "mysql".',
    );
  return dialect;
}

function positiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new InvalidInputError(
      `${name} must be a positive integer, got ${JSON.stringify(value)}.`,
    );
  return value;
}

/** The JSON options of the `sqlalchemy`/`sql` plugin types; the URL and durability are checked with the dialect. */
const URL_OPTIONS: OptionsSpec = {
  url: { type: 'string', required: true },
  tablePrefix: { type: 'string' },
  schema: { type: 'string' },
  timeoutMs: { type: optionChecks.positiveInteger },
  poolSize: { type: optionChecks.positiveInteger },
  durability: { type: 'string' }, // its values are checked with the dialect by checkDurability
};

/**
 * Reads and checks the JSON options of the plugin type `type` (`sqlalchemy` or `sql`):
 * `{ url, tablePrefix?, schema?, timeoutMs?, poolSize?, durability? }`. An unknown key or a wrong
 * JSON type is InvalidConfigError naming the key, the type string and the accepted keys.
 */
export function urlOptionsFromJson(json: JsonObject, type = 'sqlalchemy'): SqlMetadataUrlOptions {
  const { url, tablePrefix, schema, timeoutMs, poolSize, durability } = checkPluginOptions<
    Partial<SqlMetadataUrlOptions>
  >('metadata', type, json, URL_OPTIONS);
  return {
    url: url as string,
    ...(tablePrefix !== undefined && { tablePrefix }),
    ...(schema !== undefined && { schema }),
    ...(timeoutMs !== undefined && { timeoutMs }),
    ...(poolSize !== undefined && { poolSize }),
    // checked with the dialect by checkUrlOptions
    ...(durability !== undefined && { durability }),
  };
}

/** Checks the connection options of a repository on a URL of `dialect`, filling in the defaults. */
export function checkUrlOptions(
  options: SqlMetadataUrlOptions,
  dialect: SqlDialectName,
): ConnectSettings {
  return {
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    poolSize: positiveInteger('poolSize', options.poolSize) ?? DEFAULT_POOL_SIZE,
    durability: checkDurability(options.durability, dialect),
  };
}
