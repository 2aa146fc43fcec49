import type { Writable } from 'node:stream';

/** Options of {@link createServer}; every limit has a default fit for a team registry. */
export interface ServerOptions {
  /** The tokens file (`ebonite token create` writes it). Without it no token is accepted. */
  tokens?: string;
  /** Requests without a token may read (never write). Default false. */
  allowAnonymousRead?: boolean;
  /**
   * Record the author a client sends in alias histories (a moved or deleted alias, a forced model
   * delete), instead of the name of the request's token. Default false: with tokens, who changed an
   * alias is the token's name, which a client cannot forge. For a server whose tokens are shared (one
   * token for a team's CI) and whose clients are trusted to say who they are.
   */
  trustClientAuthor?: boolean;
  /** The largest JSON body, in bytes; more is 413. Default 1 MiB. */
  bodyLimit?: number;
  /** The largest artifact a push may send, in bytes; more is 413. Default: no limit. */
  maxArtifactBytes?: number;
  /** Pushes streaming at once; more wait (up to `uploadWaitMs`), then get 503. Default 8. */
  maxConcurrentUploads?: number;
  /** How long a push waits for a free upload slot, in ms. Default 30 s. */
  uploadWaitMs?: number;
  /** A connection whose request headers are not complete by then is closed (slow-loris), in ms. Default 30 s. */
  headersTimeoutMs?: number;
  /** A request other than a push must be answered within this, in ms (503 otherwise). Default 60 s. */
  requestTimeoutMs?: number;
  /** A push must end within this, in ms. Default 1 hour. */
  uploadTimeoutMs?: number;
  /** A connection that sends or receives nothing for this long is closed, in ms. Default 60 s. */
  idleTimeoutMs?: number;
  /** The registry's web pages at `/` (browse, search, compare, aliases). Default true. */
  web?: boolean;
  /** Structured JSON logs (pino): `false` for none; default `info` on stdout. Tokens are never logged. */
  logger?: false | { level?: string; stream?: Writable };
}

export const DEFAULTS = {
  bodyLimit: 1024 * 1024,
  maxArtifactBytes: Number.POSITIVE_INFINITY,
  maxConcurrentUploads: 8,
  uploadWaitMs: 30_000,
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  uploadTimeoutMs: 60 * 60_000,
  idleTimeoutMs: 60_000,
} as const;
