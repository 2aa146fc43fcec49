import { InvalidInputError } from '../errors/input-errors.js';
import type { EbonitePlugin } from './ebonite-plugin.js';

const registered: EbonitePlugin[] = [];

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
