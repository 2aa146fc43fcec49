import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';

/** The PostgreSQL server of the development and CI machines (trust auth). */
export const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

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
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `describe` that is skipped with a visible line without the server, or fails under EBONITE_REQUIRE_SERVICES=1. */
export function describeService(name: string, unavailable: string | undefined, body: () => void) {
  if (!unavailable) return describe(name, body);
  if (process.env.EBONITE_REQUIRE_SERVICES === '1')
    return describe(name, () => {
      it('needs its server (EBONITE_REQUIRE_SERVICES=1)', () => {
        throw new Error(`${name}: ${unavailable}`);
      });
    });
  process.stderr.write(`skipped: ${name}: ${unavailable}\n`);
  return describe.skip(name, body);
}
