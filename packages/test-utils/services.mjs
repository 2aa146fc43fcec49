// The database servers the tests use, and how a test that needs one is skipped or failed without it:
// one home for the workspace (meta-sql, remote, cli, integration).
import { connect } from 'node:net';
import { describe, it } from 'vitest';

/** The PostgreSQL server of the development and CI machines (trust auth). */
export const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The MariaDB/MySQL server of the development and CI machines (root, empty password). */
export const MYSQL_URL = process.env.EBONITE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
/** CI sets it: an unreachable server fails the run instead of skipping its tests. */
export const REQUIRE_SERVICES = process.env.EBONITE_REQUIRE_SERVICES === '1';

/** `url` with its database (path) replaced. */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Whether a TCP server answers at the URL's host and port within a second. */
export function reachable(url, defaultPort = 5432) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort), timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * `describe` for tests that need a server: when `unavailable` holds a reason the block is skipped
 * with a line on stderr, or, under EBONITE_REQUIRE_SERVICES=1, replaced by one failing test.
 */
export function describeService(name, unavailable, body) {
  if (!unavailable) {
    describe(name, body);
    return;
  }
  if (REQUIRE_SERVICES) {
    describe(name, () => {
      it('needs its server (EBONITE_REQUIRE_SERVICES=1)', () => {
        throw new Error(`${name}: ${unavailable}`);
      });
    });
    return;
  }
  process.stderr.write(
    `\nSKIPPED "${name}": ${unavailable}. Start the server or set its URL; CI sets EBONITE_REQUIRE_SERVICES=1 to fail instead.\n\n`,
  );
  describe.skip(`${name} (skipped: ${unavailable})`, body);
}
