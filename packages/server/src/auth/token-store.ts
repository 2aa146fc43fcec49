import { timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
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
 * changes (a `stat` per request), so `ebonite token revoke` takes effect at the next request without a
 * restart. The `stat` is synchronous: about 3 µs of a local file's metadata, where the asynchronous
 * one cost about 25 µs of CPU per request (a thread-pool round trip) for the same answer. A file that cannot be read or parsed accepts no token
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
    const reading = this.#refreshing ?? this.#reloadIfChanged();
    if (reading) await reading;
    const presented = Buffer.from(hashToken(token).slice('sha256:'.length), 'hex');
    let found: StoredToken | undefined;
    // Every entry is compared, whatever matched, so the time taken says nothing about the tokens.
    for (const { entry, hash } of this.#loaded.tokens)
      if (timingSafeEqual(hash, presented) && !found) found = entry;
    return found && { name: found.name, scope: found.scope };
  }

  /** Reads the file again when it changed since the last read. */
  async refresh(): Promise<void> {
    await (this.#refreshing ?? this.#reloadIfChanged());
  }

  /** A read of the file when it changed since the last one (shared by concurrent requests), else undefined. */
  #reloadIfChanged(): Promise<void> | undefined {
    if (!this.path) return undefined;
    const version = this.#version(this.path);
    if (version === this.#loaded.version) return undefined;
    this.#refreshing = this.#reload(this.path, version).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  #version(path: string): string {
    try {
      const s = statSync(path, { bigint: true, throwIfNoEntry: false });
      return s ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}` : 'absent';
    } catch {
      return 'absent'; // an unreadable folder: no tokens
    }
  }

  async #reload(path: string, version: string): Promise<void> {
    try {
      const tokens = version === 'absent' ? [] : await readTokenFile(path);
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
