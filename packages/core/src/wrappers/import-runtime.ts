import { InvalidPluginError } from '../errors/plugin-errors.js';
import { RuntimeNotInstalledError } from '../errors/wrapper-errors.js';
import { isModuleMissing } from '../kit/module-missing.js';

/**
 * Imports a wrapper's runtime package lazily, so a wrapper package can be loaded (and asked whether it
 * recognises an object) without its runtime. Pass the `import()` from the wrapper's own module, so the
 * package resolves from there: `importRuntime('onnxruntime-node', () => import('onnxruntime-node'), '>=1.22')`.
 * Throws {@link RuntimeNotInstalledError} naming the package and `version` when it is not installed;
 * `model.load()` replaces `version` with the exact one the model was saved with.
 */
export async function importRuntime<T>(
  packageName: string,
  load: () => Promise<T>,
  version?: string,
): Promise<T> {
  try {
    return await load();
  } catch (cause) {
    if (isModuleMissing(cause, packageName))
      throw new RuntimeNotInstalledError(packageName, version, { cause });
    throw new InvalidPluginError(
      `Loading ${packageName} failed: reinstall it (npm install ${packageName}${version ? `@${version}` : ''}).`,
      { cause },
    );
  }
}
