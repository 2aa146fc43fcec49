import type { SqlDialectName } from './url.js';

/** What a driver error means to the repository. */
export type ErrorKind =
  | 'unique'
  | 'foreign-key'
  | 'connection'
  | 'timeout'
  | 'deadlock'
  | 'corrupt'
  | 'invalid-text'
  | 'other';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const PG_CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '28000',
  '28P01',
  '3D000',
  '3F000',
]);
const PG_CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|not queryable|connection is closed|has already been destroyed/i;
const MYSQL_CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CONNECTION_KILLED',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[key]
    : undefined;
}

/** Classifies an error from better-sqlite3, pg, mysql2 or kysely by its documented codes. */
export function classifyError(error: unknown, dialect: SqlDialectName): ErrorKind {
  const code = String(field(error, 'code') ?? '');
  const message = String(field(error, 'message') ?? '');
  if (NETWORK_CODES.has(code)) return 'connection';
  if (dialect === 'sqlite') {
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return 'unique';
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign-key';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'timeout';
    if (
      code.startsWith('SQLITE_CANTOPEN') ||
      /cannot open database|unable to open database|database connection is not open/i.test(message)
    )
      return 'connection';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
    return 'other';
  }
  if (dialect === 'postgres') {
    if (code === '23505') return 'unique';
    if (code === '23503') return 'foreign-key';
    if (code === '22021' || code === '22P05') return 'invalid-text';
    if (code === '40P01' || code === '40001') return 'deadlock';
    if (code === '57014' || code === '55P03') return 'timeout';
    if (
      code.startsWith('08') ||
      PG_CONNECTION_CODES.has(code) ||
      PG_CONNECTION_MESSAGES.test(message)
    )
      return 'connection';
    return 'other';
  }
  const errno = Number(field(error, 'errno'));
  if (errno === 1062) return 'unique';
  if (errno === 1452 || errno === 1451 || errno === 1216 || errno === 1217) return 'foreign-key';
  if (errno === 1213) return 'deadlock';
  if (errno === 1205 || code === 'ETIMEDOUT') return 'timeout';
  const state = String(field(error, 'sqlState') ?? '');
  if (
    field(error, 'fatal') === true ||
    MYSQL_CONNECTION_CODES.has(code) ||
    code.startsWith('ER_ACCESS_DENIED') ||
    state.startsWith('08') ||
    state.startsWith('28')
  )
    return 'connection';
  if (/closed state|pool is closed/i.test(message)) return 'connection';
  return 'other';
}

/**
 * Replaces every occurrence of the secrets in an error's string fields (message, stack, input, ...),
 * its causes' and its aggregated errors', in place.
 */
export function scrubSecrets(error: unknown, secrets: readonly string[], depth = 0): void {
  if (secrets.length === 0 || depth > 5 || typeof error !== 'object' || error === null) return;
  const target = error as Record<string, unknown>;
  for (const key of new Set(['message', 'stack', ...Object.keys(target)])) {
    const value = target[key];
    if (typeof value !== 'string') continue;
    let scrubbed = value;
    for (const secret of secrets) scrubbed = scrubbed.split(secret).join('***');
    if (scrubbed === value) continue;
    try {
      target[key] = scrubbed;
    } catch {
      // a read-only property: nothing to scrub
    }
  }
  scrubSecrets(target.cause, secrets, depth + 1);
  if (Array.isArray(target.errors))
    for (const inner of target.errors) scrubSecrets(inner, secrets, depth + 1);
}
