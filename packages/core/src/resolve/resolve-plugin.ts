import type { EbonitePlugin } from '../contracts/ebonite-plugin.js';
import { InvalidInputError } from '../errors/input-errors.js';
import {
  InvalidPluginError,
  PluginConflictError,
  type PluginKind,
  PluginNotInstalledError,
  UnknownRepositoryTypeError,
} from '../errors/plugin-errors.js';
import { builtinTypes } from './builtin-types.js';
import { ownEntry } from './own-entry.js';
import { registeredPlugins } from './plugin-registry.js';
import { ProjectPackages } from './project-packages.js';

type FactoryOf<K extends PluginKind> = NonNullable<EbonitePlugin[K]>[string];

/** A factory found for a type string, and where it came from. */
export interface ResolvedPlugin<K extends PluginKind> {
  factory: FactoryOf<K>;
  /** The package that provides it, or undefined for a plugin registered with `registerPlugin`. */
  packageName: string | undefined;
}

/**
 * Finds the factory for a type string, in order: explicitly registered plugins; the built-in map
 * (`local`, `sqlalchemy`, `s3`, ...), loaded with `import()` from the user's project; installed packages
 * the project declares whose package.json `"ebonite"` field lists the type; then installed packages it
 * does not declare. Two packages providing one type is `PluginConflictError` (unless one is registered
 * explicitly); a package that declares a type it does not export is `InvalidPluginError`.
 */
export async function resolvePlugin<K extends PluginKind>(
  kind: K,
  type: string,
  packages = new ProjectPackages(),
): Promise<ResolvedPlugin<K>> {
  if (typeof type !== 'string' || type.length === 0)
    throw new InvalidInputError(`A ${kind} type must be a non-empty string such as "local".`);
  for (const plugin of registeredPlugins()) {
    const factory = ownEntry<unknown>(plugin[kind], type);
    if (factory) return { factory: factory as FactoryOf<K>, packageName: undefined };
  }
  const builtin = ownEntry(builtinTypes[kind] as Record<string, string>, type);
  if (builtin) {
    const factory = await loadFactory(kind, type, builtin, packages);
    if (!factory) throw new PluginNotInstalledError(kind, type, builtin);
    return { factory, packageName: builtin };
  }
  const known = new Set<string>();
  for (const undeclared of [false, true]) {
    const declaring = packages.declaringPackages(kind, { undeclared });
    for (const p of declaring) for (const t of p.types) known.add(t);
    const providers = declaring.filter((p) => p.types.includes(type));
    if (providers.length > 1)
      throw new PluginConflictError(
        kind,
        type,
        providers.map((p) => p.name),
      );
    const provider = providers[0];
    if (!provider) continue;
    const factory = await loadFactory(kind, type, provider.name, packages);
    if (factory) return { factory, packageName: provider.name };
    throw new InvalidPluginError(
      `${provider.name} declares the ${kind} type "${type}" in its package.json, but its "ebonitePlugin" export does not provide it: report this to its authors.`,
      { kind, typeName: type, packageName: provider.name },
    );
  }
  for (const p of registeredPlugins()) for (const t of Object.keys(p[kind] ?? {})) known.add(t);
  for (const t of Object.keys(builtinTypes[kind])) known.add(t);
  throw new UnknownRepositoryTypeError(kind, type, [...known].sort(), packages.dirs);
}

async function loadFactory<K extends PluginKind>(
  kind: K,
  type: string,
  packageName: string,
  packages: ProjectPackages,
): Promise<FactoryOf<K> | undefined> {
  let module: Record<string, unknown> | undefined;
  try {
    module = await packages.import(packageName);
  } catch (cause) {
    throw new InvalidPluginError(
      `Loading ${packageName} for the ${kind} type "${type}" failed: reinstall it, and check it is a version made for this @ebonite/core.`,
      { cause, kind, typeName: type, packageName },
    );
  }
  if (!module) return undefined;
  const plugin = module.ebonitePlugin as EbonitePlugin | undefined;
  return ownEntry<unknown>(plugin?.[kind], type) as FactoryOf<K> | undefined;
}
