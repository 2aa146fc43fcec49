import {
  InvalidInputError,
  type MethodSignature,
  type SavedModel,
  type TensorDescription,
  type WrappedModel,
} from '@ebonite/core/plugin';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { sessionSignature } from './signatures.js';

/** What `predict` takes: one Tensor for a single-input model, or a Tensor per input name. */
export type OnnxInput = Tensor | Record<string, Tensor>;
/** What `predict` returns: every tensor output by name. */
export type OnnxOutput = Record<string, Tensor>;

/** How an {@link OnnxModel} was made. */
export interface OnnxModelOptions {
  /** Inputs of the session that are not the model's (the initializers of a skeleton graph). */
  hidden?: ReadonlySet<string>;
  /** Inputs of unknown rank (no shape in the graph), which onnxruntime reports as scalars. */
  unknownRank?: ReadonlySet<string>;
  /** What save() returns: a wrapped model has it, a loaded one does not. */
  saved?: SavedModel;
  /** False for a session on a skeleton graph, which gives the signature but cannot run. */
  runnable: boolean;
  /** Run after the session is released (removes a temporary folder left behind). */
  cleanup?: () => Promise<void>;
}

const isTensor = (value: unknown): value is Tensor =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Tensor).type === 'string' &&
  Array.isArray((value as Tensor).dims);

/**
 * An ONNX model held by an onnxruntime-node session: method `predict` runs the session on the inputs
 * and returns its tensor outputs by name. Non-tensor outputs (ZipMap) are recorded in the schema but not
 * fetched, since onnxruntime-node cannot return them.
 */
export class OnnxModel implements WrappedModel {
  readonly methods: Record<string, MethodSignature>;
  readonly #tensorInputs: string[];
  readonly #tensorOutputs: string[];
  readonly #options: OnnxModelOptions;
  #released = false;

  constructor(
    readonly object: InferenceSession,
    readonly requirements: readonly string[],
    options: OnnxModelOptions,
  ) {
    const predict = sessionSignature(object, options.hidden, options.unknownRank);
    this.methods = { predict };
    this.#options = options;
    this.#tensorInputs = predict.inputs.filter((v) => v.kind === 'tensor').map((v) => v.name);
    this.#tensorOutputs = predict.outputs.filter((v) => v.kind === 'tensor').map((v) => v.name);
  }

  #feeds(input: unknown): Record<string, Tensor> {
    if (isTensor(input)) {
      if (this.#tensorInputs.length !== 1)
        throw new InvalidInputError(
          `This ONNX model has ${this.#tensorInputs.length} inputs (${this.#tensorInputs.join(', ')}): pass { [inputName]: Tensor }.`,
        );
      return { [this.#tensorInputs[0]!]: input };
    }
    if (
      typeof input === 'object' &&
      input !== null &&
      !Array.isArray(input) &&
      Object.values(input).every(isTensor)
    )
      return input as Record<string, Tensor>;
    throw new InvalidInputError(
      'An ONNX model takes an onnxruntime-node Tensor (single-input models) or an object of Tensors by input name.',
    );
  }

  describeInput(_method: string, input: unknown): TensorDescription[] {
    return Object.entries(this.#feeds(input)).map(([name, tensor]) => ({
      name,
      dtype: tensor.type,
      shape: tensor.dims,
    }));
  }

  async call(_method: string, input: unknown): Promise<OnnxOutput> {
    if (!this.#options.runnable)
      throw new InvalidInputError(
        'This ONNX model was wrapped to be saved, not run: push it and load it with model.load().',
      );
    return (await this.object.run(this.#feeds(input), this.#tensorOutputs)) as OnnxOutput;
  }

  async save(): Promise<SavedModel> {
    if (!this.#options.saved)
      throw new InvalidInputError(
        'A loaded ONNX model cannot be saved again: push the model it was loaded from.',
      );
    return this.#options.saved;
  }

  async dispose(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    try {
      await this.object.release();
    } finally {
      await this.#options.cleanup?.();
    }
  }
}
