import {
  type Dimension,
  InvalidInputError,
  type MethodSignature,
  type SavedModel,
  type TensorDescription,
  type ValueSchema,
  type WrappedModel,
} from '@ebonite/core/plugin';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { encodeArtifacts } from './layers-format.js';

/** What `predict` takes: a Tensor (single-input models), Tensors in input order, or Tensors by input name. */
export type TfjsInput = Tensor | Tensor[] | Record<string, Tensor>;
/** What `predict` returns: the model's own output, a Tensor or one per output. Dispose them when done. */
export type TfjsOutput = Tensor | Tensor[];

const isTensor = (value: unknown): value is Tensor =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Tensor).dtype === 'string' &&
  Array.isArray((value as Tensor).shape) &&
  'dataId' in value;

/** Keras' first dimension is the batch: unknown sizes there are the symbolic `batch`, shared by all inputs. */
function schema(name: string, tensor: SymbolicTensor): ValueSchema {
  const shape: Dimension[] = tensor.shape.map((d, i) =>
    d === null || d === undefined || d < 0 ? (i === 0 ? 'batch' : null) : d,
  );
  return { name, kind: 'tensor', dtype: tensor.dtype, shape };
}

/** A TF.js `LayersModel`: method `predict` runs `model.predict`. */
export class TfjsModel implements WrappedModel {
  readonly methods: Record<string, MethodSignature>;
  readonly #inputNames: string[];
  readonly #owned: boolean;

  /**
   * `owned`: the wrapper created the model (load), so dispose() disposes it; never the user's own model.
   * `recorded`: the signature saved with the model, whose input names a loaded model keeps (TF.js renames
   * the layers of a model loaded twice in one process).
   */
  constructor(
    readonly object: LayersModel,
    readonly requirements: readonly string[],
    owned: boolean,
    readonly includeOptimizer = false,
    recorded?: MethodSignature,
  ) {
    this.#owned = owned;
    const predict = recorded ?? {
      inputs: object.inputs.map((t, i) => schema(object.inputNames[i] ?? t.name, t)),
      outputs: object.outputs.map((t, i) => schema(object.outputNames[i] ?? t.name, t)),
    };
    this.methods = { predict };
    this.#inputNames = predict.inputs.map((v) => v.name);
  }

  #tensors(input: unknown): Tensor[] {
    const names = this.#inputNames;
    if (isTensor(input)) {
      if (names.length !== 1)
        throw new InvalidInputError(
          `This TF.js model has ${names.length} inputs (${names.join(', ')}): pass an array of Tensors or { [inputName]: Tensor }.`,
        );
      return [input];
    }
    if (Array.isArray(input) && input.every(isTensor)) return input;
    if (typeof input === 'object' && input !== null && Object.values(input).every(isTensor)) {
      const record = input as Record<string, Tensor>;
      return names.map((n) => record[n]!);
    }
    throw new InvalidInputError(
      'A TF.js model takes a Tensor (single-input models), an array of Tensors in input order, or an object of Tensors by input name.',
    );
  }

  describeInput(_method: string, input: unknown): TensorDescription[] {
    const names = this.#inputNames;
    if (
      typeof input === 'object' &&
      input !== null &&
      !Array.isArray(input) &&
      !isTensor(input) &&
      Object.values(input).every(isTensor)
    )
      return Object.entries(input as Record<string, Tensor>).map(([name, t]) => ({
        name,
        dtype: t.dtype,
        shape: t.shape,
      }));
    return this.#tensors(input).map((t, i) => ({
      name: names[i] ?? `(input ${i})`,
      dtype: t.dtype,
      shape: t.shape,
    }));
  }

  async call(_method: string, input: unknown): Promise<TfjsOutput> {
    const tensors = this.#tensors(input);
    return this.object.predict(tensors.length === 1 ? tensors[0]! : tensors) as TfjsOutput;
  }

  async save(): Promise<SavedModel> {
    let captured: Parameters<typeof encodeArtifacts>[0] | undefined;
    await this.object.save(
      {
        save: async (artifacts) => {
          captured = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        },
      },
      { includeOptimizer: this.includeOptimizer },
    );
    if (!captured)
      throw new InvalidInputError('The TF.js model saved nothing: is it a LayersModel?');
    return encodeArtifacts(captured, this.includeOptimizer);
  }

  dispose(): void {
    if (this.#owned) this.object.dispose();
  }
}
