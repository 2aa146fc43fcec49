import { userInfo } from 'node:os';

/** The default author of new objects: the operating-system user, as Ebonite records it. */
export function defaultAuthor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
