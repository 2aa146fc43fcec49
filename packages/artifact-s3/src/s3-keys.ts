import { InvalidConfigError } from '@ebonite/core/plugin';

/**
 * Normalises the user's key prefix to `''` or `a/b/` (always ending with `/`), so keys are
 * `<prefix>/model/<modelId>/<name>`. Rejects empty inner segments and `.`/`..`, which S3 would store
 * literally but which would make the layout ambiguous.
 */
export function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  const segments = trimmed.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new InvalidConfigError(
      `Invalid S3 key prefix ${JSON.stringify(prefix)}: use "/"-separated segments without empty, "." or ".." segments (for example "ebonite/prod").`,
    );
  }
  return `${trimmed}/`;
}

/** The prefix under which every model's files live: `<prefix>/model/`. */
export function modelsRoot(base: string): string {
  return `${base}model/`;
}

/** The prefix of one model's files, with its trailing `/` (model `1` never sees model `10`'s files). */
export function modelPrefix(base: string, modelId: string): string {
  return `${modelsRoot(base)}${modelId}/`;
}
