import type { EbonitePlugin } from '../contracts/ebonite-plugin.js';
import { InvalidInputError } from '../errors/input-errors.js';

// One list per process, shared by every copy of @ebonite/core loaded in it (a plugin registered through
// one copy is seen by a client made with another), as `EboniteError.isInstance` is.
const REGISTRY = Symbol.for('ebonite.registered-plugins');
const holder = globalThis as { [REGISTRY]?: EbonitePlugin[] };
holder[REGISTRY] ??= [];
const registered = holder[REGISTRY];

/**
 * Registers a plugin explicitly: its types take precedence over the built-in map and installed packages.
 * Returns a function that unregisters it.
 */
export function registerPlugin(plugin: EbonitePlugin): () => void {
  if (typeof plugin !== 'object' || plugin === null)
    throw new InvalidInputError(
      'registerPlugin() takes a plugin object: { metadata?, artifact?, wrapper? }.',
    );
  registered.unshift(plugin);
  return () => {
    const index = registered.indexOf(plugin);
    if (index >= 0) registered.splice(index, 1);
  };
}

/** The explicitly registered plugins, most recent first. */
export function registeredPlugins(): readonly EbonitePlugin[] {
  return registered;
}
