import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** A name, path, option or argument was rejected before anything was stored. */
export class InvalidInputError extends EboniteError<'E_INVALID_INPUT'> {
  constructor(message: string, options?: EboniteErrorOptions) {
    super('E_INVALID_INPUT', message, options);
  }
}

/** A client configuration file could not be read, parsed or used. */
export class InvalidConfigError extends EboniteError<'E_INVALID_CONFIG'> {
  constructor(message: string, options?: EboniteErrorOptions) {
    super('E_INVALID_CONFIG', message, options);
  }
}
