import path from 'node:path';
import { InvalidInputError } from '../errors/input-errors.js';
import { validateSafeArtifactPath } from '../objects/names.js';

/**
 * The absolute path of artifact `name` (`/`-separated) under `base`. Checks the name again and that the
 * resolved path stays strictly inside `base`, so no name reaches outside a model's folder even when a
 * caller bypassed the core. `paths` is `node:path` by default, `path.posix` for a virtual volume.
 * Throws `InvalidInputError`.
 */
export function pathInside(
  base: string,
  name: string,
  paths: Pick<typeof path, 'resolve' | 'sep'> = path,
): string {
  validateSafeArtifactPath(name);
  const full = paths.resolve(base, ...name.split('/'));
  if (!full.startsWith(base + paths.sep))
    throw new InvalidInputError(
      `Artifact name ${JSON.stringify(name)} resolves outside its model folder: use a relative name without "..".`,
    );
  return full;
}
