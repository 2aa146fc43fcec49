import { randomBytes } from 'node:crypto';
import { PG_URL, withDatabase } from '@ebonite/test-utils/services';
import pg from 'pg';
import { afterAll } from 'vitest';

export { describeService, PG_URL } from '@ebonite/test-utils/services';

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await adminQuery('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${new URL(PG_URL).host} is unreachable (${(error as Error).message})`;
  }
}

/** A database of this test file's own, dropped when the file ends; its URL. */
export async function testDatabase(): Promise<string> {
  const name = `ebonite_remote_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  afterAll(() => adminQuery(`drop database if exists ${name} with (force)`));
  return withDatabase(PG_URL, name);
}
