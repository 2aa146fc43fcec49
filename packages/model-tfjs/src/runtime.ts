import { importRuntime } from '@ebonite/core/plugin';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';

/** The TF.js versions this wrapper works with. */
export const TFJS_VERSION_RANGE = '^4.22.0';

export type TfCoreModule = typeof TfCore;
export type TfLayersModule = typeof TfLayers;

/** The npm package of each TF.js backend name, for the requirements. */
export const BACKEND_PACKAGES: Record<string, string> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgl: '@tensorflow/tfjs-backend-webgl',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
};

/** `tfjs-core` lazily; `RuntimeNotInstalledError` when it is not installed. */
export function loadCore(): Promise<TfCoreModule> {
  return importRuntime(
    '@tensorflow/tfjs-core',
    () => import('@tensorflow/tfjs-core'),
    TFJS_VERSION_RANGE,
  );
}

/**
 * `tfjs-core` and `tfjs-layers`, with a backend: the one already registered (`tfjs-node`'s, when the
 * user imported it), else `@tensorflow/tfjs-backend-cpu`, imported here. tfjs-node is never required.
 */
export async function loadLayers(): Promise<{ core: TfCoreModule; layers: TfLayersModule }> {
  const core = await loadCore();
  const layers = await importRuntime(
    '@tensorflow/tfjs-layers',
    () => import('@tensorflow/tfjs-layers'),
    TFJS_VERSION_RANGE,
  );
  if (core.engine().backendNames().length === 0)
    await importRuntime(
      '@tensorflow/tfjs-backend-cpu',
      () => import('@tensorflow/tfjs-backend-cpu'),
      TFJS_VERSION_RANGE,
    );
  return { core, layers };
}
