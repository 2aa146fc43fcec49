import { CorruptedStoreError, type JsonObject, type SavedModel } from '@ebonite/core/plugin';
import type { io } from '@tensorflow/tfjs-core';

/** The topology file: TF.js' own `model.json` layout, loadable by `tf.loadLayersModel('file://...')` too. */
export const MODEL_JSON = 'model.json';
/** All weights, concatenated in the order of the manifest. */
export const WEIGHTS_BIN = 'weights.bin';

/** Turns what `LayersModel.save` hands an IOHandler into `model.json` plus `weights.bin`. */
export function encodeArtifacts(
  artifacts: io.ModelArtifacts,
  includeOptimizer: boolean,
): SavedModel {
  const parts =
    artifacts.weightData === undefined
      ? []
      : Array.isArray(artifacts.weightData)
        ? artifacts.weightData
        : [artifacts.weightData];
  const weights = Buffer.concat(parts.map((p) => new Uint8Array(p)));
  const manifest = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.userDefinedMetadata && { userDefinedMetadata: artifacts.userDefinedMetadata }),
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  return {
    artifacts: { [MODEL_JSON]: Buffer.from(JSON.stringify(manifest)), [WEIGHTS_BIN]: weights },
    data: {
      modelJson: MODEL_JSON,
      weights: WEIGHTS_BIN,
      includeOptimizer,
      weightsBytes: weights.byteLength,
    } as JsonObject,
  };
}

/** Reads `model.json` and `weights.bin` back into the artifacts `tf.io.fromMemory` would give. */
export function decodeArtifacts(modelJson: Uint8Array, weights: Uint8Array): io.ModelArtifacts {
  let manifest: {
    modelTopology?: object;
    weightsManifest?: { weights: io.WeightsManifestEntry[] }[];
    [key: string]: unknown;
  };
  try {
    manifest = JSON.parse(Buffer.from(modelJson).toString('utf8'));
  } catch (cause) {
    throw new CorruptedStoreError(
      `${MODEL_JSON} of the TF.js model is not valid JSON: push the model again.`,
      { cause },
    );
  }
  if (!manifest.modelTopology || !Array.isArray(manifest.weightsManifest))
    throw new CorruptedStoreError(
      `${MODEL_JSON} of the TF.js model has no modelTopology or weightsManifest: push the model again.`,
    );
  return {
    modelTopology: manifest.modelTopology,
    weightSpecs: manifest.weightsManifest.flatMap((group) => group.weights),
    // An exact ArrayBuffer: tfjs reads the whole buffer, so a pooled Buffer's would load wrong weights.
    weightData: weights.buffer.slice(
      weights.byteOffset,
      weights.byteOffset + weights.byteLength,
    ) as ArrayBuffer,
    format: manifest.format as string | undefined,
    generatedBy: manifest.generatedBy as string | undefined,
    convertedBy: manifest.convertedBy as string | null | undefined,
    trainingConfig: manifest.trainingConfig as io.TrainingConfig | undefined,
    userDefinedMetadata: manifest.userDefinedMetadata as io.ModelArtifacts['userDefinedMetadata'],
  };
}
