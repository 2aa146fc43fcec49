import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** A store holds data ebonite cannot read (a corrupted or foreign metadata file, an unexpected schema). It is left untouched. */
export class CorruptedStoreError extends EboniteError<'E_CORRUPTED_STORE'> {
  constructor(message: string, options?: EboniteErrorOptions) {
    super('E_CORRUPTED_STORE', message, options);
  }
}

/** A backend could not be reached or lost its connection. */
export class ConnectionError extends EboniteError<'E_CONNECTION'> {
  constructor(message: string, options?: EboniteErrorOptions) {
    super('E_CONNECTION', message, options);
  }
}

/** The client or repository was used after close(). */
export class ClosedError extends EboniteError<'E_CLOSED'> {
  constructor(what: string) {
    super('E_CLOSED', `${what} was used after close(): create a new client.`);
  }
}

/** A backend failed in a way ebonite has no more specific error for; `cause` holds the original. */
export class BackendError extends EboniteError<'E_BACKEND'> {
  constructor(message: string, options?: EboniteErrorOptions) {
    super('E_BACKEND', message, options);
  }
}

/** Options of {@link NotSupportedError}: `message` replaces the default one. */
export interface NotSupportedErrorOptions extends EboniteErrorOptions {
  message?: string;
}

/** The repository (or the contract version it implements) cannot do what was asked. */
export class NotSupportedError extends EboniteError<'E_NOT_SUPPORTED'> {
  constructor(what: string, options: NotSupportedErrorOptions = {}) {
    super(
      'E_NOT_SUPPORTED',
      options.message ?? `${what} is not supported by this repository plugin.`,
      options,
    );
  }
}
