import type { JsonValue } from '../objects/records.js';

// `scheme:user:password@` and `scheme://user:password@`: the password runs to the last `@` before the host.
const USER_INFO = /\b([a-z][a-z0-9+.-]*:(?:\/\/)?[^\s:@/?#]*:)[^\s/?#]*@(?=[^\s@]*(?:[\s/?#]|$))/gi;
const PASSWORD_PARAMETER = /([?&;](?:password|passwd|pwd|secret|token)=)[^&#\s]*/gi;
const SECRET_KEY = /password|passwd|secret|token|credential|private.?key|access.?key/i;

/**
 * `text` with every URL password (`postgres://user:pw@host`, `postgresql:user:pw@host`, `?password=`)
 * replaced by `***`: for messages, logs and anything else a person may paste into an issue.
 */
export function redactCredentials(text: string): string {
  return text.replace(USER_INFO, '$1***@').replace(PASSWORD_PARAMETER, '$1***');
}

/** Whether JSON options hold a secret: a key named like one, or a URL with a password. */
export function holdsCredentials(value: JsonValue | undefined): boolean {
  if (typeof value === 'string') return redactCredentials(value) !== value;
  if (Array.isArray(value)) return value.some(holdsCredentials);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(
    ([key, v]) => (SECRET_KEY.test(key) && v !== null && v !== '') || holdsCredentials(v),
  );
}
