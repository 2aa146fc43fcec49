import { CorruptedStoreError, InvalidInputError } from '@ebonite/core/plugin';
import { type Kysely, Migrator, sql } from 'kysely';
import { classifyError } from './driver-errors.js';
import { type MigrationTarget, migrations } from './migrations.js';

/** How often a SQLite migration that lost the race for the write lock is retried. */
const SQLITE_BUSY_RETRIES = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function appliedMigrations(
  db: Kysely<any>,
  target: MigrationTarget,
): Promise<string[] | undefined> {
  try {
    const scoped = target.schema ? db.withSchema(target.schema) : db;
    const rows = await scoped.selectFrom(target.names.migration).select('name').execute();
    return rows.map((row) => String(row.name));
  } catch (error) {
    // no bookkeeping table yet means a fresh database; a lost connection is a failure to report
    const kind = classifyError(error, target.dialect);
    if (kind === 'connection' || kind === 'timeout') throw error;
    return undefined;
  }
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (!schema)
    throw new InvalidInputError(
      'The PostgreSQL search_path names no existing schema to create the ebonite tables in: set the schema option.',
    );
  return schema;
}

/**
 * On SQLite kysely's Migrator takes no lock and no transaction: run it inside one BEGIN IMMEDIATE
 * transaction, so the write lock keeps other processes out until every migration is committed
 * (SQLite's DDL is transactional), and a process that waited finds them applied.
 */
async function migrateSqlite(
  db: Kysely<any>,
  migrator: (on: Kysely<any>) => Migrator,
): Promise<{ error?: unknown }> {
  return db.connection().execute(async (connection) => {
    try {
      await sql`begin immediate`.execute(connection);
    } catch (error) {
      return { error };
    }
    const { error } = await migrator(connection).migrateToLatest();
    if (error) {
      await sql`rollback`.execute(connection).catch(() => {});
      return { error };
    }
    try {
      await sql`commit`.execute(connection);
      return {};
    } catch (commitError) {
      await sql`rollback`.execute(connection).catch(() => {});
      return { error: commitError };
    }
  });
}

/**
 * Brings the schema to the latest version: a no-op read when it is current, else kysely's Migrator
 * under a lock (an advisory lock on PostgreSQL, GET_LOCK on MySQL/MariaDB; on SQLite one BEGIN
 * IMMEDIATE transaction around all of it, retried when another process holds the write lock past
 * the busy timeout), so several processes starting at once apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<any>, target: MigrationTarget): Promise<void> {
  const all = migrations(target);
  const isCurrent = async () => {
    const applied = await appliedMigrations(db, target);
    const unknown = applied?.find((name) => !(name in all));
    if (unknown) {
      throw new CorruptedStoreError(
        `The ebonite tables were migrated by a newer @ebonite/meta-sql (migration "${unknown}" is unknown to this version): upgrade @ebonite/meta-sql.`,
      );
    }
    return applied !== undefined && Object.keys(all).every((name) => applied.includes(name));
  };
  if (await isCurrent()) return;
  // kysely looks for its bookkeeping tables in every schema when it is given none, and would take
  // another schema's ebonite_migration for ours: on PostgreSQL always name the schema.
  const schema =
    target.schema ?? (target.dialect === 'postgres' ? await currentSchema(db) : undefined);
  const migrator = (on: Kysely<any>) =>
    new Migrator({
      db: on,
      provider: { getMigrations: async () => all },
      migrationTableName: target.names.migration,
      migrationLockTableName: target.names.migrationLock,
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
  for (let attempt = 0; ; attempt++) {
    const { error } =
      target.dialect === 'sqlite'
        ? await migrateSqlite(db, migrator)
        : await migrator(db).migrateToLatest();
    if (!error) return;
    // another process may have applied the same migrations meanwhile (and won the race): fine
    if (await isCurrent()) return;
    const code = String((error as { code?: unknown }).code ?? '');
    if (
      target.dialect !== 'sqlite' ||
      !code.startsWith('SQLITE_BUSY') ||
      attempt >= SQLITE_BUSY_RETRIES
    )
      throw error;
    await sleep(10 + Math.random() * 40);
  }
}
