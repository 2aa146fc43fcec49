import type { ArtifactRepository } from '../contracts/artifact-repository.js';
import type { AnyMetadataRepository } from '../contracts/metadata-repository.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidPluginError } from '../errors/plugin-errors.js';
import type { JsonObject } from '../objects/records.js';
import type { ProjectPackages } from './project-packages.js';
import { resolvePlugin } from './resolve-plugin.js';

/** The metadata methods of contract v1: what every metadata repository has. */
const METADATA_V1 = [
  'getProjects',
  'getProjectById',
  'getProjectByName',
  'createProject',
  'updateProject',
  'deleteProject',
  'getTasks',
  'getTaskById',
  'getTaskByName',
  'createTask',
  'updateTask',
  'deleteTask',
  'getModels',
  'getModelById',
  'getModelByName',
  'createModel',
  'updateModel',
  'deleteModel',
  'close',
] as const;

/**
 * The methods every repository of a kind has, as the contracts define them: `metadata` those of
 * metadata contract v1 (every metadata repository), `metadataV2` those a v2 one has besides.
 */
export const CONTRACT_METHODS = {
  metadata: METADATA_V1,
  metadataV2: [
    ...METADATA_V1,
    'setModelTags',
    'setTaskTags',
    'getAliases',
    'getAlias',
    'setAlias',
    'deleteAlias',
    'getAliasHistory',
    'getAliasEvents',
    'importAliasEvents',
    'searchModels',
  ],
  artifact: ['push', 'list', 'open', 'delete', 'listModelIds', 'close'],
} as const;

/** The contract versions this core implements, by kind of repository. */
const VERSIONS = { metadata: ['v1', 'v2'], artifact: ['v1'] } as const;

type RepositoryOf<K extends 'metadata' | 'artifact'> = K extends 'metadata'
  ? AnyMetadataRepository
  : ArtifactRepository;

/** What is wrong with `value` as a repository of `kind`, or undefined. */
export function repositoryProblem(
  kind: 'metadata' | 'artifact',
  value: unknown,
): string | undefined {
  if (typeof value !== 'object' || value === null) return `it is ${String(value)}, not an object`;
  const repo = value as Record<string, unknown>;
  const versions: readonly unknown[] = VERSIONS[kind];
  if (!versions.includes(repo.specificationVersion))
    return `its specificationVersion is ${JSON.stringify(repo.specificationVersion)}; this @ebonite/core implements ${kind} contract ${versions.join(' and ')}`;
  if (typeof repo.type !== 'string') return 'it has no "type" string';
  const methods =
    kind === 'metadata' && repo.specificationVersion === 'v2'
      ? CONTRACT_METHODS.metadataV2
      : CONTRACT_METHODS[kind];
  const missing = methods.filter((m) => typeof repo[m] !== 'function');
  if (missing.length)
    return `it lacks the ${kind} repository method(s) ${missing.join(', ')} of contract ${String(repo.specificationVersion)}`;
  return undefined;
}

/**
 * Resolves a type string and builds the repository from its factory. A factory that throws, or returns
 * something that is not a repository of that kind, is `InvalidPluginError` naming the type string and
 * the package, with the original failure as `cause`; an `EboniteError` the factory throws on purpose
 * (a bad option, say) passes through as it is.
 */
export async function createRepository<K extends 'metadata' | 'artifact'>(
  kind: K,
  type: string,
  options: JsonObject,
  packages: ProjectPackages,
): Promise<RepositoryOf<K>> {
  const { factory, packageName } = await resolvePlugin(kind, type, packages);
  const origin = `The ${kind} type "${type}"${packageName ? ` (from ${packageName})` : ''}`;
  let repository: unknown;
  try {
    repository = await (factory as (o: JsonObject) => unknown)(options);
  } catch (cause) {
    if (EboniteError.isInstance(cause)) throw cause;
    throw new InvalidPluginError(
      `${origin} failed to create its repository: ${cause instanceof Error ? cause.message : String(cause)}. Check its options; if they are right, report this to the plugin's authors.`,
      { cause, kind, typeName: type, packageName },
    );
  }
  const problem = repositoryProblem(kind, repository);
  if (problem)
    throw new InvalidPluginError(
      `${origin} did not return a ${kind} repository: ${problem}. Install a version of the plugin made for this @ebonite/core.`,
      { kind, typeName: type, packageName },
    );
  return repository as RepositoryOf<K>;
}
