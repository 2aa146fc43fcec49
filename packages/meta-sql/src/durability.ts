import { InvalidConfigError } from '@ebonite/core/plugin';
import type { SqlDialectName } from './url.js';

/**
 * How a SQLite commit reaches the disk. `full` (the default): the WAL is synced before a commit
 * returns, so an acknowledged write survives a power loss. `relaxed`: synced only at checkpoints,
 * so the last commits before a power loss or OS crash may be lost (the file stays consistent).
 */
export type SqliteDurability = 'full' | 'relaxed';

export const DEFAULT_DURABILITY: SqliteDurability = 'full';
const ACCEPTED = ['full', 'relaxed'];

/** Checks the `durability` option of a repository on a URL of `dialect`; undefined gives the default. */
export function checkDurability(value: unknown, dialect: SqlDialectName): SqliteDurability {
  if (value === undefined) return DEFAULT_DURABILITY;
  if (typeof value !== 'string' || !ACCEPTED.includes(value))
    throw new InvalidConfigError(
      `Invalid durability ${JSON.stringify(value)} for the SQL metadata repository: use "full" (the default: every commit is on disk before it returns) or "relaxed" (faster; the last commits may be lost in an OS crash or power loss).`,
    );
  if (dialect !== 'sqlite')
    throw new InvalidConfigError(
      'The durability option applies to SQLite files only: on PostgreSQL and MySQL/MariaDB a commit is as durable as the server makes it (synchronous_commit, innodb_flush_log_at_trx_commit). Remove durability from the options and set it on the server.',
    );
  return value as SqliteDurability;
}

/** Rejects `durability` beside an injected Kysely instance, whose connection the caller set up. */
export function rejectDurabilityOnInjected(options: object): void {
  if ('durability' in options && (options as { durability?: unknown }).durability !== undefined)
    throw new InvalidConfigError(
      'The durability option applies to connections the repository opens from a url: on your own Kysely instance, set PRAGMA synchronous (FULL for durable commits) on the connection yourself, and remove durability from the options.',
    );
}

/** The pragmas that give a SQLite file in WAL mode the durability asked for. */
export function durabilityPragmas(durability: SqliteDurability): string[] {
  // FULL syncs the WAL at every commit. fullfsync makes those syncs F_FULLFSYNC on macOS, where a
  // plain fsync leaves the data in the drive's cache (libuv's fsync, used by the local backend, does
  // the same); elsewhere it changes nothing.
  return durability === 'full'
    ? ['synchronous = FULL', 'fullfsync = ON']
    : ['synchronous = NORMAL', 'fullfsync = OFF'];
}
