import { createRequire } from 'node:module';
import { connect } from 'node:net';

/** The PostgreSQL server the SQL tests use: $EBONITE_PG_URL, else the development machine's. */
export const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a TCP server answers at the URL's host and port within a second. */
export function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432), timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether PostgreSQL can be used; when it cannot, fails under EBONITE_REQUIRE_SERVICES=1 and otherwise
 * prints a visible line saying which tests are skipped.
 */
export async function postgresAvailable(what: string): Promise<boolean> {
  if (await reachable(PG_URL)) return true;
  const message = `PostgreSQL is not reachable at ${new URL(PG_URL).host}: ${what}`;
  if (process.env.EBONITE_REQUIRE_SERVICES === '1')
    throw new Error(`${message} cannot run, and EBONITE_REQUIRE_SERVICES=1.`);
  console.warn(`SKIPPED: ${message} skipped.`);
  return false;
}

/** Drops a schema and everything in it, with the `pg` driver @ebonite/meta-sql installs. */
export async function dropSchema(schema: string): Promise<void> {
  const require = createRequire(import.meta.resolve('@ebonite/meta-sql'));
  const { Client } = require('pg') as {
    Client: new (config: {
      connectionString: string;
    }) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
  };
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}
