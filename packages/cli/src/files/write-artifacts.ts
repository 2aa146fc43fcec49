import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { ArtifactDescriptor } from '@ebonite/core';
import { CliError } from '../cli-error.js';

/** Where each artifact goes under `dir`; fails when one would leave it, or (without `force`) already exists. */
export async function plannedTargets(
  dir: string,
  artifacts: readonly ArtifactDescriptor[],
  force: boolean,
): Promise<Map<string, string>> {
  const root = resolve(dir);
  const targets = new Map<string, string>();
  for (const { name } of artifacts) {
    const target = join(root, ...name.split('/'));
    if (!target.startsWith(root + sep))
      throw new CliError('E_USAGE', `Artifact "${name}" would be written outside ${root}.`);
    if (!force && (await stat(target).catch(() => undefined)))
      throw new CliError(
        'E_FILE_EXISTS',
        `${target} exists: pull into an empty folder, or pass --force to overwrite.`,
      );
    targets.set(name, target);
  }
  return targets;
}
