import {
  BackendError,
  ClosedError,
  ConnectionError,
  CorruptedStoreError,
  EboniteError,
  InvalidInputError,
} from '@ebonite/core/plugin';
import { type Kysely, sql } from 'kysely';
import { type ConnectSettings, openDatabase } from './connect.js';
import { classifyError, type ErrorKind, scrubSecrets } from './driver-errors.js';
import { migrateToLatest } from './migrate.js';
import { withFileMutex } from './per-file-mutex.js';
import { describeServer, redactText, urlSecrets } from './redact.js';
import type { EboniteTables, TableNames } from './tables.js';
import type { ParsedUrl, SqlDialectName } from './url.js';

/** Where the store's connection comes from: a URL it opens (and closes), or a Kysely instance it borrows. */
export type StoreSource =
  | { url: string; target: ParsedUrl; settings: ConnectSettings }
  | { db: Kysely<any>; dialect: SqlDialectName };

/** Maps a constraint violation of one operation to the contract's error, or undefined to fall through. */
export type ConstraintMapper = (
  kind: ErrorKind,
  options: { cause: unknown },
) => EboniteError | undefined;

/** How often an operation the server chose as a deadlock victim is run. */
const DEADLOCK_ATTEMPTS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DATABASE_NAMES: Record<SqlDialectName, string> = {
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
  mysql: 'MySQL/MariaDB',
};

/**
 * The connection side of the repository: opens and migrates on first use (again after a failure,
 * so a lost server does not poison it), runs operations and transactions, turns driver errors into
 * EboniteErrors without credentials, and closes what it opened.
 */
export class SqlStore {
  readonly dialect: SqlDialectName;
  readonly label: string;
  #ready: Promise<Kysely<EboniteTables>> | undefined;
  #opened: Kysely<any> | undefined;
  #closed = false;
  /** The passwords of the URL, as written and decoded, scrubbed from every error. */
  readonly #secrets: readonly string[];
  /** For a SQLite file: the key under which calls of every store of this process on the file take turns. */
  readonly #fileKey: string | undefined;

  constructor(
    readonly source: StoreSource,
    readonly names: TableNames,
    readonly schema: string | undefined,
  ) {
    this.dialect = 'target' in source ? source.target.dialect : source.dialect;
    this.#secrets = 'url' in source ? urlSecrets(source.url) : [];
    const file =
      'target' in source && source.target.dialect === 'sqlite' ? source.target.filename : undefined;
    this.#fileKey = file === ':memory:' ? undefined : file;
    const name = DATABASE_NAMES[this.dialect];
    let label: string;
    if (!('target' in source)) label = `the ${name} database of the given Kysely instance`;
    else if (source.target.dialect === 'sqlite')
      label = `SQLite database ${source.target.filename}`;
    else label = `${name} at ${describeServer(source.target.url)}`;
    this.label = 'url' in source ? redactText(label, source.url, this.#secrets) : label;
  }

  /** Runs one operation on the migrated database; every failure comes out as an EboniteError. */
  async run<T>(
    operation: string,
    fn: (db: Kysely<EboniteTables>) => Promise<T>,
    mapConstraint?: ConstraintMapper,
  ): Promise<T> {
    if (this.#closed) throw new ClosedError('The SQL metadata repository');
    const body = async () => {
      let db: Kysely<EboniteTables>;
      try {
        db = await this.#connect();
      } catch (error) {
        throw this.#toEboniteError(error, `${operation} (opening and migrating the database)`);
      }
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn(db);
        } catch (error) {
          // the server rolled the whole transaction back to break a deadlock: running it again is safe
          if (attempt < DEADLOCK_ATTEMPTS && classifyError(error, this.dialect) === 'deadlock') {
            await sleep(5 + Math.random() * 20 * attempt);
            continue;
          }
          throw this.#toEboniteError(error, operation, mapConstraint);
        }
      }
    };
    return this.#fileKey ? withFileMutex(this.#fileKey, body) : body();
  }

  /**
   * Runs `fn` in one transaction. On SQLite it starts with BEGIN IMMEDIATE: the write lock is taken
   * (waiting up to the busy timeout) before the first read, so a read-then-write cannot deadlock
   * with another process.
   */
  async transaction<T>(
    db: Kysely<EboniteTables>,
    fn: (trx: Kysely<EboniteTables>) => Promise<T>,
  ): Promise<T> {
    if (this.dialect !== 'sqlite') return db.transaction().execute(fn);
    return db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await fn(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => {});
        throw error;
      }
    });
  }

  /** Closes the connections the store opened; a borrowed Kysely instance is left open. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#ready?.catch(() => {});
    await this.#opened?.destroy();
    this.#opened = undefined;
  }

  #connect(): Promise<Kysely<EboniteTables>> {
    this.#ready ??= this.#open().catch((error) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #open(): Promise<Kysely<EboniteTables>> {
    const { source } = this;
    const db =
      'target' in source ? (await openDatabase(source.target, source.settings)).db : source.db;
    try {
      // A borrowed SQLite connection may not enforce foreign keys, on which NonExisting*Error relies.
      if (!('target' in source) && this.dialect === 'sqlite')
        await sql`pragma foreign_keys = on`.execute(db);
      await migrateToLatest(db, { dialect: this.dialect, names: this.names, schema: this.schema });
    } catch (error) {
      if ('target' in source) await db.destroy().catch(() => {});
      throw error;
    }
    if ('target' in source) {
      if (this.#closed) {
        await db.destroy();
        throw new ClosedError('The SQL metadata repository');
      }
      this.#opened = db;
    }
    return (this.schema ? db.withSchema(this.schema) : db) as Kysely<EboniteTables>;
  }

  #toEboniteError(
    error: unknown,
    operation: string,
    mapConstraint?: ConstraintMapper,
  ): EboniteError {
    if (EboniteError.isInstance(error)) return error;
    scrubSecrets(error, this.#secrets);
    const kind = classifyError(error, this.dialect);
    const options = { cause: error };
    const mapped = mapConstraint?.(kind, options);
    if (mapped) return mapped;
    const reason = this.#redact(String((error as Error)?.message ?? error));
    switch (kind) {
      case 'connection':
        return new ConnectionError(
          `Lost or could not open the connection to ${this.label} during ${operation}: ${reason}. Check that the server runs and the URL is right; the next call connects again.`,
          options,
        );
      case 'deadlock':
        return new BackendError(
          `${this.label} kept choosing ${operation} as a deadlock victim (${reason}): retry it.`,
          options,
        );
      case 'timeout':
        return new ConnectionError(
          `${this.label} timed out during ${operation}: ${reason}. Another process may hold a lock for long; retry, or raise timeoutMs.`,
          options,
        );
      case 'corrupt':
        return new CorruptedStoreError(
          `${this.label} is damaged or is not a database (${reason}): restore it from a backup.`,
          options,
        );
      case 'invalid-text':
        return new InvalidInputError(
          `${this.label} cannot store a value of ${operation} exactly (${reason}).`,
          options,
        );
      default:
        return new BackendError(`${this.label} failed during ${operation}: ${reason}`, options);
    }
  }

  #redact(text: string): string {
    return 'url' in this.source ? redactText(text, this.source.url, this.#secrets) : text;
  }
}
