import pg from 'pg';
import { afterAll } from 'vitest';
import { readBackFrom } from './read-back.js';
import { PG_URL, runName, withDatabase } from './services.js';
import type { DirectSql } from './sql-checks.js';

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${new URL(PG_URL).host} is unreachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one statement on the server's default database. */
export async function adminQuery(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** A database of this test file's own, dropped (with its connections) when the file ends. */
export async function testDatabase(): Promise<string> {
  const name = runName();
  await adminQuery(`create database ${name}`);
  afterAll(async () => {
    await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return withDatabase(PG_URL, name);
}

/** Raw SQL on a client of its own; `?` becomes `$n`. */
export function postgresDirect(
  url: string,
  layout: { schema?: string; prefix?: string } = {},
): DirectSql & { client(): Promise<pg.Client> } {
  let client: Promise<pg.Client> | undefined;
  const open = () =>
    (client ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => {});
      await c.connect();
      return c;
    })());
  afterAll(async () => (await client)?.end());
  return {
    client: open,
    async query(text, params = []) {
      let n = 0;
      return (
        await (
          await open()
        ).query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    },
    table: (name) => `${layout.schema ? `"${layout.schema}".` : ''}"${layout.prefix ?? ''}${name}"`,
  };
}

export function postgresReadBack(sql: DirectSql) {
  return readBackFrom(
    async (table, id) =>
      (await sql.query(`select * from ${sql.table(table)} where id = ?`, [id]))[0],
  );
}
