import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import {
  type PluginKind,
  PluginNotInstalledError,
  UnknownRepositoryTypeError,
} from '../errors/plugin-errors.js';
import { builtinTypes } from './builtin-types.js';
import type { EbonitePackageField, EbonitePlugin } from './ebonite-plugin.js';
import { ownEntry } from './own-entry.js';
import { registeredPlugins } from './plugin-registry.js';
import { ProjectPackages } from './project-packages.js';

type RepositoryKind = PluginKind;
type FactoryOf<K extends RepositoryKind> = NonNullable<EbonitePlugin[K]>[string];

/**
 * Finds the factory for a type string, in order: explicitly registered plugins; the built-in map
 * (`local`, `sqlalchemy`, `s3`, ...), loaded with `import()` from the user's project; the installed
 * packages the project declares whose package.json `"ebonite"` field lists the type.
 */
export async function resolveFactory<K extends RepositoryKind>(
  kind: K,
  type: string,
  packages = new ProjectPackages(),
): Promise<FactoryOf<K>> {
  if (typeof type !== 'string' || type.length === 0)
    throw new InvalidInputError(
      `A ${kind} repository type must be a non-empty string such as "local".`,
    );
  for (const plugin of registeredPlugins()) {
    const factory = ownEntry<unknown>(plugin[kind], type);
    if (factory) return factory as FactoryOf<K>;
  }
  const builtin = ownEntry(builtinTypes[kind] as Record<string, string>, type);
  if (builtin) {
    const factory = await loadFactory(kind, type, builtin, packages);
    if (!factory) throw new PluginNotInstalledError(kind, type, builtin);
    return factory;
  }
  const thirdParty: string[] = [];
  for (const name of packages.declaredDependencies()) {
    const field = packages.packageJson(name)?.ebonite as EbonitePackageField | undefined;
    const types = field?.[kind];
    if (!Array.isArray(types)) continue;
    thirdParty.push(...types);
    if (types.includes(type)) {
      const factory = await loadFactory(kind, type, name, packages);
      if (factory) return factory;
      throw new EboniteError(
        'E_INVALID_PLUGIN',
        `Package ${name} declares the ${kind} type "${type}" but its "ebonitePlugin" export does not provide it: report this to its authors.`,
      );
    }
  }
  const known = [
    ...new Set([
      ...registeredPlugins().flatMap((p) => Object.keys(p[kind] ?? {})),
      ...Object.keys(builtinTypes[kind]),
      ...thirdParty,
    ]),
  ];
  throw new UnknownRepositoryTypeError(kind, type, known.sort());
}

async function loadFactory<K extends RepositoryKind>(
  kind: K,
  type: string,
  packageName: string,
  packages: ProjectPackages,
): Promise<FactoryOf<K> | undefined> {
  let module: Record<string, unknown> | undefined;
  try {
    module = await packages.import(packageName);
  } catch (cause) {
    throw new EboniteError(
      'E_INVALID_PLUGIN',
      `Loading ${packageName} for the ${kind} type "${type}" failed: reinstall it, and check it is a version made for this @ebonite/core.`,
      { cause },
    );
  }
  if (!module) return undefined;
  const plugin = module.ebonitePlugin as EbonitePlugin | undefined;
  return ownEntry<unknown>(plugin?.[kind], type) as FactoryOf<K> | undefined;
}
