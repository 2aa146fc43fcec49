import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InvalidInputError,
  type JsonObject,
  type ModelArtifacts,
  type ModelWrapper,
  ProjectPackages,
  type WrapperRecord,
} from '@ebonite/core/plugin';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { decodeArtifacts, MODEL_JSON, WEIGHTS_BIN } from './layers-format.js';
import { BACKEND_PACKAGES, loadCore, loadLayers } from './runtime.js';
import { TfjsModel } from './tfjs-model.js';

/** Options of the `tfjs` wrapper (`wrapperOptions` of `Model.create`). */
export interface TfjsWrapperOptions {
  /** Also save the optimizer's state (a compiled model only), so training can resume after load. Default false. */
  includeOptimizer?: boolean;
}

const PACKAGE = '@ebonite/model-tfjs';
const CORE_PACKAGES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];
const ownVersion = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;

/** A TF.js LayersModel, recognised by shape rather than `instanceof` (the user's copy of tfjs may not be ours). */
function isLayersModel(object: unknown): object is LayersModel {
  const m = object as Partial<LayersModel> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.predict === 'function' &&
    typeof m.save === 'function' &&
    typeof m.getWeights === 'function' &&
    Array.isArray(m.inputs) &&
    Array.isArray(m.inputNames)
  );
}

/**
 * The `tfjs` model wrapper: wraps a TF.js `LayersModel` (Sequential or functional), saves it through an
 * IOHandler as TF.js' `model.json` plus `weights.bin`, and loads it back with identical weights. Runs on
 * `@tensorflow/tfjs-core`, `-layers` and `-backend-cpu`; uses `@tensorflow/tfjs-node`'s backend when the
 * user imported it, and never requires it.
 */
export class TfjsWrapper implements ModelWrapper {
  static readonly type = 'tfjs';
  readonly type = TfjsWrapper.type;
  readonly specificationVersion = 'v1';
  readonly version: string = ownVersion;

  recognizes(object: unknown): boolean {
    return isLayersModel(object);
  }

  async wrap(object: unknown, options: JsonObject = {}): Promise<TfjsModel> {
    if (!isLayersModel(object))
      throw new InvalidInputError(
        'The tfjs wrapper takes a TF.js LayersModel (tf.sequential(), tf.model(), or one loaded with tf.loadLayersModel).',
      );
    const { includeOptimizer = false } = options as TfjsWrapperOptions;
    if (typeof includeOptimizer !== 'boolean')
      throw new InvalidInputError(
        'wrapperOptions.includeOptimizer of the tfjs wrapper must be true or false.',
      );
    if (includeOptimizer && !object.optimizer)
      throw new InvalidInputError(
        'includeOptimizer needs a compiled model (model.compile({ optimizer, loss })).',
      );
    const backend = BACKEND_PACKAGES[(await loadCore()).getBackend()];
    return new TfjsModel(
      object,
      [PACKAGE, ...CORE_PACKAGES, ...(backend ? [backend] : [])],
      false,
      includeOptimizer,
    );
  }

  async load(files: ModelArtifacts, record: WrapperRecord): Promise<TfjsModel> {
    const { layers, core } = await loadLayers();
    const modelJson =
      typeof record.data.modelJson === 'string' ? record.data.modelJson : MODEL_JSON;
    const weights = typeof record.data.weights === 'string' ? record.data.weights : WEIGHTS_BIN;
    const bytes = await files.bytesDict();
    const artifacts = decodeArtifacts(
      bytes[modelJson] ?? new Uint8Array(),
      bytes[weights] ?? new Uint8Array(),
    );
    const model = await layers.loadLayersModel({ load: async () => artifacts }, { strict: true });
    const backend = BACKEND_PACKAGES[core.getBackend()];
    return new TfjsModel(
      model,
      [PACKAGE, ...CORE_PACKAGES, ...(backend ? [backend] : [])],
      true,
      record.data.includeOptimizer === true,
      record.methods.predict,
    );
  }

  packageVersion(name: string): string | undefined {
    if (name === PACKAGE) return this.version;
    const version = new ProjectPackages(dirname(fileURLToPath(import.meta.url))).packageJson(
      name,
    )?.version;
    return typeof version === 'string' ? version : undefined;
  }
}

/** The `tfjs` wrapper. */
export const tfjsWrapper = new TfjsWrapper();
