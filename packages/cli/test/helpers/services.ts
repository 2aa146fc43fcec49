import { createRequire } from 'node:module';
import { PG_URL, REQUIRE_SERVICES, reachable } from '@ebonite/test-utils/services';

export { PG_URL } from '@ebonite/test-utils/services';

/**
 * Whether PostgreSQL can be used; when it cannot, fails under EBONITE_REQUIRE_SERVICES=1 and otherwise
 * prints a visible line saying which tests are skipped.
 */
export async function postgresAvailable(what: string): Promise<boolean> {
  if (await reachable(PG_URL)) return true;
  const message = `PostgreSQL is not reachable at ${new URL(PG_URL).host}: ${what}`;
  if (REQUIRE_SERVICES) throw new Error(`${message} cannot run, and EBONITE_REQUIRE_SERVICES=1.`);
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
