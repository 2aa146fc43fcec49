import { timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Scope } from './scopes.js';
import { hashToken, readTokenFile, type StoredToken } from './token-file.js';

/** Who a request is: the token's name and scope. */
export interface Identity {
  name: string;
  scope: Scope;
}

interface Loaded {
  /** Device, inode, size and mtime of the file read, or `absent`. */
  version: string;
  tokens: Array<{ entry: StoredToken; hash: Buffer }>;
}

/**
 * The tokens a running server accepts, read from the tokens file and read again whenever the file
 * changes (a cheap `stat` per request, shared by concurrent requests), so `ebonite token revoke` takes
 * effect at the next request without a restart. A file that cannot be read or parsed accepts no token
 * at all (fail closed) until it is fixed.
 */
export class TokenStore {
  #loaded: Loaded = { version: 'unread', tokens: [] };
  #refreshing: Promise<void> | undefined;

  constructor(
    readonly path: string | undefined,
    private readonly onProblem: (error: unknown) => void = () => undefined,
  ) {}

  /** The identity of `token`, or undefined when no stored token matches. Compares in constant time. */
  async verify(token: string): Promise<Identity | undefined> {
    await this.refresh();
    const presented = Buffer.from(hashToken(token).slice('sha256:'.length), 'hex');
    let found: StoredToken | undefined;
    // Every entry is compared, whatever matched, so the time taken says nothing about the tokens.
    for (const { entry, hash } of this.#loaded.tokens)
      if (timingSafeEqual(hash, presented) && !found) found = entry;
    return found && { name: found.name, scope: found.scope };
  }

  /** Reads the file again when it changed since the last read. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    if (!this.path) return;
    let version = 'absent';
    try {
      const s = await stat(this.path, { bigint: true });
      version = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      // absent: no tokens
    }
    if (version === this.#loaded.version) return;
    try {
      const tokens = version === 'absent' ? [] : await readTokenFile(this.path);
      this.#loaded = {
        version,
        tokens: tokens.map((entry) => ({
          entry,
          hash: Buffer.from(entry.hash.slice('sha256:'.length), 'hex'),
        })),
      };
    } catch (error) {
      this.#loaded = { version, tokens: [] };
      this.onProblem(error);
    }
  }
}
