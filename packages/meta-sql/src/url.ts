import { resolve } from 'node:path';
import { InvalidInputError } from '@ebonite/core/plugin';
import { redactUrl } from './redact.js';

/** The three SQL dialects the repository speaks. */
export type SqlDialectName = 'sqlite' | 'postgres' | 'mysql';

/** What a connection URL names. */
export type ParsedUrl =
  | { dialect: 'sqlite'; filename: string }
  | { dialect: 'postgres'; url: string }
  | { dialect: 'mysql'; url: string };

const MEMORY = ':memory:';
const SCHEMES: Record<string, SqlDialectName> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/**
 * Reads a connection URL: `sqlite:///abs/path.db`, `sqlite:relative.db`, `sqlite::memory:`,
 * `postgres://…` (`postgresql://`), `mysql://…` (`mariadb://`). SQLAlchemy's driver suffixes
 * (`postgresql+psycopg2://`, `mysql+pymysql://`) are accepted and ignored. Throws InvalidInputError.
 */
export function parseUrl(url: string): ParsedUrl {
  if (typeof url !== 'string' || url.length === 0)
    throw new InvalidInputError(
      'The SQL metadata repository needs a connection URL such as "sqlite:///abs/path.db" or "postgres://user@host/db".',
    );
  const match = /^([a-z][a-z0-9]*)(\+[a-z0-9_]+)?:(.*)$/is.exec(url);
  const dialect = match ? SCHEMES[match[1]!.toLowerCase()] : undefined;
  if (!match || !dialect) {
    throw new InvalidInputError(
      `Unsupported connection URL ${JSON.stringify(redactUrl(url))}: use sqlite:///abs/path.db, sqlite::memory:, postgres://… or mysql://….`,
    );
  }
  const rest = match[3]!;
  if (dialect !== 'sqlite') {
    const scheme = dialect === 'postgres' ? 'postgres' : 'mysql';
    if (!rest.startsWith('//'))
      throw new InvalidInputError(
        `Connection URL ${JSON.stringify(redactUrl(url))} has no host: use ${scheme}://user@host:port/database.`,
      );
    return { dialect, url: `${scheme}:${rest}` };
  }
  if (
    rest === MEMORY ||
    rest === `//${MEMORY}` ||
    rest === `///${MEMORY}` ||
    rest === '' ||
    rest === '//'
  )
    return { dialect, filename: MEMORY };
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path.length === 0)
    throw new InvalidInputError(
      `Connection URL ${JSON.stringify(redactUrl(url))} names no file: use sqlite:///abs/path.db or sqlite::memory:.`,
    );
  return { dialect, filename: resolve(path) };
}
