import type { MysqlPool, MysqlPoolConnection, PostgresPool, PostgresPoolClient } from 'kysely';
import type * as Mysql2 from 'mysql2';
import type * as Pg from 'pg';
import { classifyError } from './driver-errors.js';

/** True for an error after which the connection is dead: lost, killed, or a FATAL server message. */
function fatal(error: unknown, dialect: 'postgres' | 'mysql'): boolean {
  const severity = (error as { severity?: unknown })?.severity;
  return (
    severity === 'FATAL' || severity === 'PANIC' || classifyError(error, dialect) === 'connection'
  );
}

/**
 * The pg pool as kysely sees it, except that a client whose query failed because the connection died
 * is destroyed on release instead of going back to the pool. Without this, the next call could get
 * the dead client before its socket's close event has been processed, and fail too.
 */
export function guardedPostgresPool(pool: Pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      let broken = false;
      const guarded = {
        async query(sql: string, parameters: ReadonlyArray<unknown>) {
          try {
            return await client.query(sql, parameters as unknown[]);
          } catch (error) {
            broken ||= fatal(error, 'postgres');
            throw error;
          }
        },
        release: (destroy?: boolean) => client.release(destroy || broken || undefined),
      };
      return guarded as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** The same for a mysql2 pool: a connection that died is destroyed, not released. */
export function guardedMysqlPool(pool: Mysql2.Pool): MysqlPool {
  return {
    getConnection(callback) {
      pool.getConnection((error, connection) => {
        if (error) return callback(error, undefined as unknown as MysqlPoolConnection);
        let broken = false;
        const guarded = {
          query(
            sql: string,
            parameters: unknown[],
            done?: (error: unknown, result: unknown) => void,
          ) {
            if (!done) return connection.query(sql, parameters);
            connection.query(sql, parameters, (err: unknown, result: unknown) => {
              if (err) broken ||= fatal(err, 'mysql');
              done(err, result);
            });
          },
          release: () => (broken ? connection.destroy() : connection.release()),
        };
        callback(undefined, guarded as unknown as MysqlPoolConnection);
      });
    },
    end: (callback) => pool.end(callback),
  };
}
