import { randomBytes } from 'node:crypto';
import type { MetadataRepository } from '@ebonite/core/plugin';
import { describe, it } from 'vitest';

/** The PostgreSQL server of the development and CI machines (trust auth). */
export const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The MariaDB/MySQL server of the development and CI machines (root, empty password). */
export const MYSQL_URL = process.env.EBONITE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
/** CI sets it: an unreachable server fails the run instead of skipping its tests. */
export const REQUIRE_SERVICES = process.env.EBONITE_REQUIRE_SERVICES === '1';

/** A name for one test run's database or schema, so parallel runs never see each other. */
export function runName(prefix = 'ebonite_test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** `url` with its database (path) replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * `describe` for tests that need a server: when `unavailable` holds a reason the block is skipped
 * with a line on stderr, or, under EBONITE_REQUIRE_SERVICES=1, replaced by one failing test.
 */
export function describeService(
  name: string,
  unavailable: string | undefined,
  body: () => void,
): void {
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
    `\n[meta-sql] SKIPPED "${name}": ${unavailable}. Start the server or set its URL; CI sets EBONITE_REQUIRE_SERVICES=1 to fail instead.\n\n`,
  );
  describe.skip(`${name} (skipped: ${unavailable})`, body);
}

/**
 * The repository typed as the core's `MetadataRepository`, which means contract v1 until the core
 * switches it to v2 (a cast to drop then; until then the core's client refuses a v2 repository).
 */
export function asClientMetadata<T>(repo: T): MetadataRepository {
  return repo as unknown as MetadataRepository;
}
