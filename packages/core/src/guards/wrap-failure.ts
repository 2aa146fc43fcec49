import { redactCredentials } from '../config/credentials.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { BackendError } from '../errors/store-errors.js';

/** Runs a plugin call; a failure that is not already an {@link EboniteError} becomes a {@link BackendError} with the original as `cause`. */
export async function wrapFailure<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (EboniteError.isInstance(error)) throw error;
    const detail = redactCredentials(error instanceof Error ? error.message : String(error));
    throw new BackendError(
      `${what} failed: ${detail}. See the cause for the backend's own error.`,
      { cause: error },
    );
  }
}

/** A `close()` that runs the underlying close at most once, however often and concurrently it is called. */
export function onceClose(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}
