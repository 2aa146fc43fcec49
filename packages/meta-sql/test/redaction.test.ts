import { inspect } from 'node:util';
import { Ebonite, registerPlugin } from '@ebonite/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ebonitePlugin, redactUrl } from '../src/index.js';
import { MYSQL_URL, PG_URL } from './helpers/services.js';

// The client path resolves 'sqlalchemy' to this package's source, not to a build.
afterAll(registerPlugin(ebonitePlugin));

const pg = new URL(PG_URL).host;
const my = new URL(MYSQL_URL).host;

/** URLs holding a password, with every form in which it could leak (as written, decoded). */
const CASES: [string, string[]][] = [
  // invalid: no `//`, unknown scheme, no scheme at all
  ['postgresql:app:S3cret@db/x', ['S3cret']],
  ['postgres:app:S3cret@db/x', ['S3cret']],
  ['mysql:u:S3cret@h/d', ['S3cret']],
  ['mariadb:u:S3cret@h/d', ['S3cret']],
  ['postgresql+psycopg2:app:S3cret@db/x', ['S3cret']],
  ['oracle:app:S3cret@db/x', ['S3cret']],
  ['oracle://app:S3cret@db/x', ['S3cret']],
  ['app:S3cret@db/x', ['S3cret']],
  // SQLAlchemy's SQLCipher form: the key would be part of the file name
  ['sqlite+pysqlcipher://:S3cret@/no/such/dir/reg.db', ['S3cret']],
  // a URL the drivers cannot parse (bad port, `/` in the password)
  [`postgres://app:S3cret@127.0.0.1:notaport/x`, ['S3cret']],
  [`postgres://app:S3c/ret@${pg}/x`, ['S3c/ret']],
  [`mysql://u:S3cret@127.0.0.1:notaport/d`, ['S3cret']],
  [`mysql://u:S3c%40ret@127.0.0.1:notaport/d`, ['S3c%40ret', 'S3c@ret']],
  [`mysql://u:S3c:r/et@${my}/d`, ['S3c:r/et']],
  // valid, refused: nothing listens on port 1
  ['postgres://app:S3c:ret@127.0.0.1:1/x', ['S3c:ret']],
  ['postgres://app:S3c%2Fr%3Aet%25@127.0.0.1:1/x', ['S3c%2Fr%3Aet%25', 'S3c/r:et%']],
  ['mysql://u:S3cret@127.0.0.1:1/d', ['S3cret']],
  ['postgres://app@127.0.0.1:1/x?password=S3cret', ['S3cret']],
  // valid, the server answers and refuses (unknown role or user, unknown database)
  [`postgres://ebonite_nobody:S3cret@${pg}/postgres`, ['S3cret']],
  [`postgresql://postgres:S3cret@${pg}/ebonite_no_such_db`, ['S3cret']],
  [`mysql://ebonite_nobody:S3cret@${my}/test`, ['S3cret']],
  [`mysql://ebonite_nobody@${my}/test?password=S3cret`, ['S3cret']],
];

/** The error of building a client on `url` and making one call. */
async function failureOf(url: string): Promise<unknown> {
  try {
    const client = await Ebonite.customClient('sqlalchemy', 'inmemory', { url, timeoutMs: 3000 });
    try {
      await client.getProjects();
    } finally {
      await client.close();
    }
  } catch (error) {
    return error;
  }
  throw new Error(`${redactUrl(url)} did not fail`);
}

/** Everything a user may print of an error: message, String(), JSON, stack and inspect, for it and each cause. */
function printed(error: unknown): string[] {
  const out = [inspect(error, { depth: 10 })];
  let current = error as (Error & { cause?: unknown }) | undefined;
  for (let depth = 0; current && depth < 10; depth++, current = current.cause as typeof current)
    out.push(
      String(current.message),
      String(current),
      JSON.stringify(current) ?? '',
      String(current.stack),
    );
  return out;
}

describe('a password in the URL never reaches an error', () => {
  for (const [url, secrets] of CASES)
    it(redactUrl(url), async () => {
      const error = await failureOf(url);
      expect(error).toMatchObject({ code: expect.stringMatching(/^E_/) });
      for (const text of printed(error))
        for (const secret of secrets) expect(text).not.toContain(secret);
    }, 20_000);
});

describe('redactUrl', () => {
  it('masks the user info with or without `//`, up to the last `@`, and password parameters', () => {
    expect(redactUrl('postgresql:app:S3cret@db/x')).toBe('postgresql:app:***@db/x');
    expect(redactUrl('mysql:u:p@h/d')).toBe('mysql:u:***@h/d');
    expect(redactUrl('postgres://u:a:b@c/d@h/db')).toBe('postgres://u:***@h/db');
    expect(redactUrl('postgres://u:p%40ss@h/db')).toBe('postgres://u:***@h/db');
    expect(redactUrl('app:S3cret@db/x')).toBe('app:***@db/x');
    expect(redactUrl('oracle://scott@h/db')).toBe('oracle://***@h/db');
    expect(redactUrl('postgres://u@h/db?sslpassword=x&password=y;pwd=z')).toBe(
      'postgres://u@h/db?sslpassword=***&password=***;pwd=***',
    );
    expect(redactUrl('sqlite+pysqlcipher://:key@/reg.db')).toBe('sqlite+pysqlcipher://***@/reg.db');
  });

  it('leaves URLs without a password alone', () => {
    expect(redactUrl('postgres://user@h:5432/db')).toBe('postgres://user@h:5432/db');
    expect(redactUrl('postgresql:user@h/db')).toBe('postgresql:user@h/db');
    expect(redactUrl('sqlite:///a/b@c.db')).toBe('sqlite:///a/b@c.db');
    expect(redactUrl('sqlite:a:b@c.db')).toBe('sqlite:a:b@c.db');
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});
