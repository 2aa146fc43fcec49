import type { Dimension } from '../wrappers/signatures.js';
import { EboniteError, type EboniteErrorOptions } from './ebonite-error.js';

/** No model wrapper recognises the object given to `Model.create` / `createModel`. */
export class UnrecognizedModelError extends EboniteError<'E_UNRECOGNIZED_MODEL'> {
  constructor(
    readonly objectKind: string,
    /** The wrapper types asked, in order. */
    readonly tried: readonly string[],
    /** Built-in wrappers that could not be asked because their package is not installed, as `type (package)`. */
    readonly notInstalled: readonly string[],
    options?: EboniteErrorOptions,
  ) {
    super(
      'E_UNRECOGNIZED_MODEL',
      `No model wrapper recognises this object (${objectKind}). Tried: ${tried.length ? tried.join(', ') : '(none)'}.${notInstalled.length ? ` Not installed: ${notInstalled.join(', ')}.` : ''} Install the wrapper package for your framework, register one with registerPlugin({ wrapper }), or pass { wrapper } explicitly.`,
      options,
    );
  }
}

/** An input does not match the schema recorded for a model's method; nothing reached the runtime. */
export class ModelInputError extends EboniteError<'E_MODEL_INPUT'> {
  constructor(
    readonly method: string,
    readonly inputName: string,
    message: string,
    readonly expected?: { dtype: string; shape: Dimension[] | null },
    readonly actual?: { dtype: string; shape: number[] },
    options?: EboniteErrorOptions,
  ) {
    super('E_MODEL_INPUT', message, options);
  }
}

/** A package the model needs at run time (its runtime, or a wrapper) is not installed where it is loaded from. */
export class RuntimeNotInstalledError extends EboniteError<'E_RUNTIME_NOT_INSTALLED'> {
  constructor(
    readonly packageName: string,
    readonly version: string | undefined,
    options?: EboniteErrorOptions,
  ) {
    const spec = version ? `${packageName}@${version}` : packageName;
    const arg = /^[\w@./-]+$/.test(spec) ? spec : `"${spec}"`;
    super(
      'E_RUNTIME_NOT_INSTALLED',
      `This model needs ${spec}, which is not installed in this project. Install it: npm install ${arg} (or pnpm add ${arg}).`,
      options,
    );
  }
}

/** A wrapper (or the runtime under it) failed while wrapping, saving, loading or running a model; `cause` holds the original. */
export class WrapperFailedError extends EboniteError<'E_WRAPPER_FAILED'> {
  constructor(
    readonly wrapperType: string,
    readonly operation: string,
    options?: EboniteErrorOptions,
  ) {
    const reason =
      options?.cause instanceof Error
        ? options.cause.message
        : String(options?.cause ?? 'unknown error');
    super(
      'E_WRAPPER_FAILED',
      `The "${wrapperType}" model wrapper failed to ${operation}: ${reason}`,
      options,
    );
  }
}
