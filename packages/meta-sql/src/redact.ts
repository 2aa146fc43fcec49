/**
 * Passwords in connection URLs, found without parsing the URL as valid (a URL that fails to parse
 * is exactly the one that ends up in an error message): the user info `user:password@` after the
 * scheme, with or without `//` (`postgres://u:p@h/db`, `postgresql:u:p@h/db`), up to the LAST `@`
 * (a password may hold `@`, `:` or `/`), and `password=`-like query parameters.
 */

const SCHEME = /^([a-z][a-z0-9+.-]*):(\/\/)?/i;
/** Schemes whose user info without `:` is a user name; in any other shape it may be a password. */
const SERVER = /^(?:postgres|postgresql|mysql|mariadb)(?:\+[a-z0-9_]+)?$/i;
const SQLITE = /^sqlite(?:\+[a-z0-9_]+)?$/i;
const SECRET_PARAM = /([?&;][a-z_]*(?:password|passwd|passphrase|pwd)=)([^&#;]*)/gi;
const MASK = '***';

interface UserInfo {
  /** The scheme and `//`, as written. */
  head: string;
  /** The user name, kept in messages ('' when the user info may be all secret). */
  user: string;
  password: string;
  /** From the last `@` on. */
  tail: string;
}

/** The user info of a URL that may hold a password, or undefined. */
function userInfo(url: string): UserInfo | undefined {
  const scheme = SCHEME.exec(url);
  const name = scheme?.[1] ?? '';
  const start = scheme ? scheme[0].length : 0;
  const at = url.lastIndexOf('@');
  if (at < start) return undefined;
  const info = url.slice(start, at);
  // a SQLite path may hold `@` (sqlite:///a/b@c.db); only `sqlite+cipher://:key@/file.db` has a secret
  if (SQLITE.test(name) && (!scheme?.[2] || info.includes('/'))) return undefined;
  const head = url.slice(0, start);
  const tail = url.slice(at);
  const colon = info.indexOf(':');
  if (colon >= 0)
    return { head, user: info.slice(0, colon), password: info.slice(colon + 1), tail };
  return SERVER.test(name) ? undefined : { head, user: '', password: info, tail };
}

/** The URL with every password (user info, `password=` parameters) replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  const masked = url.replace(SECRET_PARAM, `$1${MASK}`);
  const info = userInfo(masked);
  if (!info || info.password === '') return masked;
  return `${info.head}${info.user === '' ? '' : `${info.user}:`}${MASK}${info.tail}`;
}

/**
 * The secrets of a URL as they may appear in a driver's messages: each password as written and
 * percent-decoded, longest first (so scrubbing one never leaves part of another).
 */
export function urlSecrets(url: string): string[] {
  const secrets = new Set<string>();
  const add = (value: string) => {
    if (value === '') return;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
      secrets.add(decodeURIComponent(value.replace(/\+/g, ' ')));
    } catch {
      // not valid percent-encoding: only the raw form can appear
    }
  };
  for (const match of url.matchAll(SECRET_PARAM)) add(match[2]!);
  const info = userInfo(url.replace(SECRET_PARAM, `$1${MASK}`));
  if (info) add(info.password);
  return [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
}

/** `text` with the URL redacted and every secret replaced by `***`. */
export function redactText(text: string, url: string, secrets: readonly string[]): string {
  let out = text.split(url).join(redactUrl(url));
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

/** `host:port/database` of a server URL, for messages: what follows the last `@`, without parameters. */
export function describeServer(url: string): string {
  const rest = url.replace(SCHEME, '');
  const place = rest
    .slice(rest.lastIndexOf('@') + 1)
    .split(/[?#]/)[0]!
    .replace(/\/$/, '');
  return place === '' ? 'the server' : place;
}
