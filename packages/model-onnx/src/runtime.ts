import { importRuntime } from '@ebonite/core/plugin';
import type * as Ort from 'onnxruntime-node';

/** The onnxruntime-node versions this wrapper works with (session metadata arrived in 1.22). */
export const ORT_VERSION_RANGE = '>=1.22.0';

/** The runtime's module, as far as this wrapper uses it. */
export type OrtModule = typeof Ort;

let loaded: Promise<OrtModule> | undefined;

/** Imports onnxruntime-node once, lazily; `RuntimeNotInstalledError` when it is not installed. */
export function loadOrt(): Promise<OrtModule> {
  loaded ??= importRuntime(
    'onnxruntime-node',
    async () => {
      const module = (await import('onnxruntime-node')) as OrtModule & { default?: OrtModule };
      return module.InferenceSession ? module : (module.default as OrtModule);
    },
    ORT_VERSION_RANGE,
  ).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
