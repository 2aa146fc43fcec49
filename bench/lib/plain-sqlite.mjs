// Plain kysely on a SQLite file with the pragmas @ebonite/meta-sql sets for a durability: the
// baseline the SQL benchmarks compare a push with.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

/** The sync pragmas the repository sets for each durability (packages/meta-sql/src/durability.ts). */
export const SQLITE_PRAGMAS = {
  full: ['synchronous = FULL', 'fullfsync = ON'],
  relaxed: ['synchronous = NORMAL', 'fullfsync = OFF'],
};

/** A Kysely on `file` opened as the repository opens it: WAL, the durability's pragmas, foreign keys. */
export function plainSqlite(file, durability) {
  const database = new Database(file, { timeout: 10_000 });
  database.pragma('journal_mode = WAL');
  for (const pragma of SQLITE_PRAGMAS[durability]) database.pragma(pragma);
  database.pragma('foreign_keys = ON');
  return new Kysely({ dialect: new SqliteDialect({ database }) });
}

/** The row plain kysely code would write for a model record (the same JSON text columns). */
export function modelRow(m, taskId) {
  return {
    id: m.id,
    name: m.name,
    author: m.author,
    creation_date: m.creationDate,
    task_id: taskId,
    description: m.description,
    params: JSON.stringify(m.params),
    requirements: JSON.stringify(m.requirements),
    artifacts: JSON.stringify(m.artifacts),
    wrapper: m.wrapper === null ? null : JSON.stringify(m.wrapper),
  };
}
