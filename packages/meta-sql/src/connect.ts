import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import type * as Mysql2 from 'mysql2';
import type * as Pg from 'pg';
import { durabilityPragmas, type SqliteDurability } from './durability.js';
import { guardedMysqlPool, guardedPostgresPool } from './guarded-pools.js';
import { loadDriver } from './load-driver.js';
import type { ParsedUrl, SqlDialectName } from './url.js';

/** A Kysely instance the repository opened itself, with the dialect it speaks. */
export interface OpenedDatabase {
  db: Kysely<any>;
  dialect: SqlDialectName;
}

/** Settings of the connections the repository opens from a URL. */
export interface ConnectSettings {
  /** Connect timeout for a server; for SQLite, how long to wait for another process's write lock. */
  timeoutMs: number;
  /** Most connections a server pool opens. */
  poolSize: number;
  /** How a SQLite file's commits reach the disk. */
  durability: SqliteDurability;
}

/**
 * Opens the database a URL names, loading only the driver it needs. SQLite is opened here (so a bad
 * path fails now) with WAL, the sync pragmas of its durability (by default every commit is synced),
 * foreign keys and a busy timeout; server pools connect on first query.
 */
export async function openDatabase(
  target: ParsedUrl,
  settings: ConnectSettings,
): Promise<OpenedDatabase> {
  if (target.dialect === 'sqlite') {
    const Database = await loadDriver<typeof BetterSqlite3>('better-sqlite3', 'SQLite');
    const database = new Database(target.filename, { timeout: settings.timeoutMs });
    try {
      if (target.filename !== ':memory:') {
        database.pragma('journal_mode = WAL');
        for (const pragma of durabilityPragmas(settings.durability)) database.pragma(pragma);
      }
      database.pragma('foreign_keys = ON');
    } catch (error) {
      database.close();
      throw error;
    }
    return { dialect: 'sqlite', db: new Kysely<any>({ dialect: new SqliteDialect({ database }) }) };
  }
  if (target.dialect === 'postgres') {
    const pg = await loadDriver<typeof Pg>('pg', 'PostgreSQL');
    const pool = new pg.Pool({
      connectionString: target.url,
      max: settings.poolSize,
      connectionTimeoutMillis: settings.timeoutMs,
      idleTimeoutMillis: 10_000,
    });
    // A connection the server closed (restart, pg_terminate_backend) leaves the pool, idle or after
    // the failed query; the next call opens a fresh one. Without these listeners Node would crash on
    // the unhandled 'error' event of the pool (idle) or of a client (between two queries).
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return {
      dialect: 'postgres',
      db: new Kysely<any>({ dialect: new PostgresDialect({ pool: guardedPostgresPool(pool) }) }),
    };
  }
  const mysql = await loadDriver<typeof Mysql2>('mysql2', 'MySQL/MariaDB');
  const pool = mysql.createPool({
    uri: target.url,
    charset: 'utf8mb4_unicode_ci',
    connectionLimit: settings.poolSize,
    connectTimeout: settings.timeoutMs,
    maxIdle: 1,
    idleTimeout: 10_000,
  });
  // Strict mode: an over-long or invalid value fails instead of being truncated. The error listener
  // keeps a connection the server dropped from crashing the process; the pool discards it.
  pool.on('connection', (connection) => {
    connection.on('error', () => {});
    connection.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'", () => {});
  });
  return {
    dialect: 'mysql',
    db: new Kysely<any>({ dialect: new MysqlDialect({ pool: guardedMysqlPool(pool) }) }),
  };
}
