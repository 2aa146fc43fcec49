import mysql from 'mysql2/promise';
import { afterAll } from 'vitest';
import { readBackFrom } from './read-back.js';
import { MYSQL_URL, runName, withDatabase } from './services.js';
import type { DirectSql } from './sql-checks.js';

/** Why MySQL/MariaDB cannot be used, or undefined when it answers. */
export async function mysqlUnavailable(): Promise<string | undefined> {
  try {
    const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
    await connection.end();
    return undefined;
  } catch (error) {
    return `MySQL/MariaDB at ${new URL(MYSQL_URL).host} is unreachable (${(error as Error).message})`;
  }
}

/** Runs one statement as the test user, outside any test database. */
export async function mysqlAdmin(text: string, params: unknown[] = []): Promise<unknown> {
  const connection = await mysql.createConnection({ uri: MYSQL_URL });
  try {
    return (await connection.query(text, params))[0];
  } finally {
    await connection.end();
  }
}

/** A database of this test file's own (server default charset), dropped when the file ends. */
export async function mysqlTestDatabase(): Promise<{ name: string; url: string }> {
  const name = runName();
  await mysqlAdmin(`create database ${name}`);
  afterAll(async () => {
    await mysqlAdmin(`drop database if exists ${name}`);
  });
  return { name, url: withDatabase(MYSQL_URL, name) };
}

/** Raw SQL on a connection of its own (utf8mb4). */
export function mysqlDirect(
  url: string,
  layout: { schema?: string; prefix?: string } = {},
): DirectSql & { connection(): Promise<mysql.Connection> } {
  let connection: Promise<mysql.Connection> | undefined;
  const open = () =>
    (connection ??= mysql.createConnection({ uri: url, charset: 'utf8mb4_unicode_ci' }));
  afterAll(async () => (await connection)?.end());
  return {
    connection: open,
    async query(text, params = []) {
      const [rows] = await (await open()).query(text, params);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    table: (name) =>
      `${layout.schema ? `\`${layout.schema}\`.` : ''}\`${layout.prefix ?? ''}${name}\``,
  };
}

export function mysqlReadBack(sql: DirectSql) {
  return readBackFrom(
    async (table, id) =>
      (await sql.query(`select * from ${sql.table(table)} where id = ?`, [id]))[0],
  );
}
