/** The PostgreSQL server of the development and CI machines: $EBONITE_PG_URL or the local one. */
export declare const PG_URL: string;
/** The MariaDB/MySQL server of the development and CI machines: $EBONITE_MYSQL_URL or the local one. */
export declare const MYSQL_URL: string;
/** CI sets EBONITE_REQUIRE_SERVICES=1: an unreachable server fails the run instead of skipping. */
export declare const REQUIRE_SERVICES: boolean;
/** `url` with its database (path) replaced. */
export declare function withDatabase(url: string, database: string): string;
/** Whether a TCP server answers at the URL's host and port within a second. */
export declare function reachable(url: string, defaultPort?: number): Promise<boolean>;
/**
 * `describe` for tests that need a server: when `unavailable` holds a reason the block is skipped
 * with a line on stderr, or, under EBONITE_REQUIRE_SERVICES=1, replaced by one failing test.
 */
export declare function describeService(
  name: string,
  unavailable: string | undefined,
  body: () => void,
): void;
