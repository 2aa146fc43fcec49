import type { WrappedModel } from '../contracts/model-wrapper.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { WrapperFailedError } from '../errors/wrapper-errors.js';
import { checkInput, type MethodSignature } from './signatures.js';

/**
 * A live model returned by `model.load()`: call its methods (`predict`, ...) with inputs in its
 * runtime's form. Every input is checked against the schema recorded when the model was saved before
 * it reaches the runtime (`ModelInputError`). Call {@link dispose} to free the runtime's memory.
 */
export class LoadedModel {
  readonly #wrapped: WrappedModel;
  #disposed = false;

  /** @internal Made by `model.load()`. */
  constructor(
    /** The model's name. */
    readonly name: string,
    /** The wrapper type that loaded it. */
    readonly wrapperType: string,
    wrapped: WrappedModel,
    /** The recorded methods and their schemas. */
    readonly methods: Readonly<Record<string, MethodSignature>>,
  ) {
    this.#wrapped = wrapped;
  }

  /** The runtime's own live object (an `InferenceSession`, a `LayersModel`, ...). */
  get object(): unknown {
    return this.#wrapped.object;
  }

  /** Runs the `predict` method. */
  predict<T = unknown>(input: unknown): Promise<T> {
    return this.call<T>('predict', input);
  }

  /**
   * Runs a method by name after checking the input against its recorded schema. Throws
   * `InvalidInputError` for a method the model does not have, `ModelInputError` for an input that does
   * not match, `WrapperFailedError` when the runtime fails.
   */
  async call<T = unknown>(method: string, input: unknown): Promise<T> {
    if (this.#disposed)
      throw new InvalidInputError(
        `Model "${this.name}" was disposed: load it again with model.load().`,
      );
    const signature = Object.hasOwn(this.methods, method) ? this.methods[method] : undefined;
    if (!signature)
      throw new InvalidInputError(
        `Model "${this.name}" has no method "${method}"; it has ${Object.keys(this.methods).join(', ') || 'none'}.`,
      );
    checkInput(method, signature, this.#wrapped.describeInput(method, input));
    try {
      return (await this.#wrapped.call(method, input)) as T;
    } catch (cause) {
      if (EboniteError.isInstance(cause)) throw cause;
      throw new WrapperFailedError(this.wrapperType, `run ${method}() of model "${this.name}"`, {
        cause,
      });
    }
  }

  /** Frees what the runtime holds for this model. Safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#wrapped.dispose();
  }
}
