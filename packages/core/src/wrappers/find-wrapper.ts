import type { EbonitePackageField, EbonitePlugin } from '../contracts/ebonite-plugin.js';
import type { ModelWrapper } from '../contracts/model-wrapper.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { InvalidPluginError } from '../errors/plugin-errors.js';
import { UnrecognizedModelError } from '../errors/wrapper-errors.js';
import { builtinTypes } from '../resolve/builtin-types.js';
import { ownEntry } from '../resolve/own-entry.js';
import { registeredPlugins } from '../resolve/plugin-registry.js';
import { ProjectPackages } from '../resolve/project-packages.js';
import { resolvePlugin } from '../resolve/resolve-plugin.js';

/** Throws `InvalidInputError` unless `wrapper` looks like an implementation of contract v1. */
export function checkWrapper(wrapper: unknown, origin: string): ModelWrapper {
  const w = wrapper as Partial<ModelWrapper> | undefined;
  if (
    typeof w !== 'object' ||
    w === null ||
    typeof w.recognizes !== 'function' ||
    typeof w.wrap !== 'function' ||
    typeof w.load !== 'function' ||
    typeof w.type !== 'string'
  )
    throw new InvalidPluginError(
      `${origin} is not a model wrapper (it needs type, recognizes, wrap and load): check the package and its version.`,
    );
  if (w.specificationVersion !== 'v1')
    throw new InvalidPluginError(
      `${origin} implements model wrapper contract ${String(w.specificationVersion)}; this @ebonite/core supports v1: install matching versions.`,
    );
  return w as ModelWrapper;
}

/**
 * The wrapper for a type string: registered plugins first, then the built-in map (`onnx`, `tfjs`), then
 * installed packages declaring it. Throws `PluginNotInstalledError` / `UnknownRepositoryTypeError`.
 */
export async function resolveWrapper(
  type: string,
  packages = new ProjectPackages(),
): Promise<ModelWrapper> {
  if (typeof type !== 'string' || type.length === 0)
    throw new InvalidInputError('A model wrapper type must be a non-empty string such as "onnx".');
  return checkWrapper(
    (await resolvePlugin('wrapper', type, packages)).factory,
    `The "${type}" wrapper`,
  );
}

function recognizes(wrapper: ModelWrapper, object: unknown): boolean {
  try {
    return wrapper.recognizes(object) === true;
  } catch {
    return false;
  }
}

async function loadPlugin(
  name: string,
  packages: ProjectPackages,
): Promise<EbonitePlugin | undefined> {
  let module: Record<string, unknown> | undefined;
  try {
    module = await packages.import(name);
  } catch (cause) {
    throw new InvalidPluginError(
      `Loading ${name} to look for model wrappers failed: reinstall it.`,
      { cause },
    );
  }
  return module?.ebonitePlugin as EbonitePlugin | undefined;
}

/** A few words on what an object is, for error messages. */
export function describeObject(object: unknown): string {
  if (object === null || object === undefined) return String(object);
  if (ArrayBuffer.isView(object))
    return `a ${object.constructor.name} of ${object.byteLength} bytes`;
  if (typeof object !== 'object') return `a ${typeof object}`;
  const name = (object as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' ? `an instance of ${name}` : 'a plain object';
}

/**
 * The first wrapper that recognises `object`, asking in order: registered plugins; the built-in wrappers
 * whose package is installed; the wrappers of installed packages the project declares (`"ebonite":
 * { "wrapper": [...] }`). Throws `UnrecognizedModelError` listing the wrappers asked.
 */
export async function findWrapper(
  object: unknown,
  packages = new ProjectPackages(),
): Promise<ModelWrapper> {
  const tried: string[] = [];
  const notInstalled: string[] = [];
  const asked = new Set<unknown>();
  const ask = (wrapper: unknown, origin: string): ModelWrapper | undefined => {
    if (!wrapper || asked.has(wrapper)) return undefined;
    asked.add(wrapper);
    const checked = checkWrapper(wrapper, origin);
    tried.push(checked.type);
    return recognizes(checked, object) ? checked : undefined;
  };
  for (const plugin of registeredPlugins()) {
    for (const [type, wrapper] of Object.entries(plugin.wrapper ?? {})) {
      const found = ask(wrapper, `The registered wrapper "${type}"`);
      if (found) return found;
    }
  }
  const builtinPackages = new Set<string>(Object.values(builtinTypes.wrapper));
  for (const [type, name] of Object.entries(builtinTypes.wrapper)) {
    const plugin = await loadPlugin(name, packages);
    if (!plugin) notInstalled.push(`${type} (${name})`);
    const found = ask(ownEntry(plugin?.wrapper, type), `The "${type}" wrapper of ${name}`);
    if (found) return found;
  }
  for (const name of packages.declaredDependencies()) {
    if (builtinPackages.has(name)) continue;
    const types = (packages.packageJson(name)?.ebonite as EbonitePackageField | undefined)?.wrapper;
    if (!Array.isArray(types) || types.length === 0) continue;
    const plugin = await loadPlugin(name, packages);
    for (const type of types) {
      const found = ask(ownEntry(plugin?.wrapper, type), `The "${type}" wrapper of ${name}`);
      if (found) return found;
    }
  }
  throw new UnrecognizedModelError(describeObject(object), tried, notInstalled);
}
