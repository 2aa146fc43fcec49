import type { ModelWrapper } from '../contracts/model-wrapper.js';
import type { Requirement } from '../objects/records.js';
import { ProjectPackages } from '../resolve/project-packages.js';

/**
 * The requirements of a wrapped model: each package the wrapper names, with the exact version installed
 * as the user's project resolves it (or, failing that, as the wrapper loads it), then the user's own
 * extra requirements. Duplicates keep the first entry.
 */
export function recordRequirements(
  wrapper: ModelWrapper,
  names: readonly string[],
  extra: readonly Requirement[] = [],
  packages = new ProjectPackages(),
): Requirement[] {
  const out = new Map<string, Requirement>();
  for (const name of names) {
    if (out.has(name)) continue;
    const installed = packages.packageJson(name)?.version;
    const version = typeof installed === 'string' ? installed : wrapper.packageVersion?.(name);
    out.set(name, version ? { package: name, version } : { package: name });
  }
  for (const requirement of extra)
    if (!out.has(requirement.package)) out.set(requirement.package, { ...requirement });
  return [...out.values()];
}
