import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ebonite, type EbonitePlugin, type JsonObject, registerPlugin } from '@ebonite/core';
import { CliError } from './cli-error.js';

/** Where this CLI is installed (its package folder): plugins installed beside it are found. */
const CLI_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/** The folder of the default registry, in the current folder. */
export const DEFAULT_REGISTRY = '.ebonite';
/** The environment variable naming the client config file when `--config` is not given. */
export const CONFIG_ENV = 'EBONITE_CONFIG';

/**
 * The `local` types come with the CLI (its own dependencies): registered explicitly, so they resolve in a
 * project that does not install them. Their packages are imported when a local registry is opened, so a
 * command on another backend does not pay for loading them.
 */
const bundledPlugin: EbonitePlugin = {
  metadata: {
    local: async (options: JsonObject) =>
      (await import('@ebonite/meta-local')).ebonitePlugin.metadata!.local!(options),
  },
  artifact: {
    local: async (options: JsonObject) =>
      (await import('@ebonite/artifact-fs')).ebonitePlugin.artifact!.local!(options),
  },
};
let registered = false;

/** Where a client comes from. */
export interface ClientLocation {
  /** A client config file (written by `saveClientConfig`) or a local registry folder; relative to `cwd`. */
  location?: string;
  /** Where the location came from, for messages. */
  source: string;
  cwd: string;
}

/**
 * Picks the registry: `--config <file>`, else `$EBONITE_CONFIG`, else `.ebonite` in the current folder.
 */
export function locateClient(
  config: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): ClientLocation {
  if (config) return { location: config, source: '--config', cwd };
  if (env[CONFIG_ENV]) return { location: env[CONFIG_ENV], source: CONFIG_ENV, cwd };
  return { source: `the local registry ${DEFAULT_REGISTRY}`, cwd };
}

/**
 * Opens a client. A location that is a folder, or does not end in `.json` and is not a file, is a local
 * registry folder; anything else a config file. With `mustExist`, a local registry folder that does not
 * exist fails with `E_NO_REGISTRY` instead of being created.
 */
export async function openClient(
  { location, source, cwd }: ClientLocation,
  { mustExist }: { mustExist: boolean },
): Promise<Ebonite> {
  if (!registered) {
    registerPlugin(bundledPlugin);
    registered = true;
  }
  const path = resolve(cwd, location ?? DEFAULT_REGISTRY);
  const info = await stat(path).catch(() => undefined);
  const isFolder =
    location === undefined || info?.isDirectory() === true || (!info && !path.endsWith('.json'));
  // Plugins come from the config file's project, then from where the CLI is installed (a global install
  // beside its plugins), then from the working directory: a cron job or a unit started in / works.
  if (!isFolder) return Ebonite.fromConfigFile(path, { projectDir: [dirname(path), CLI_DIR] });
  if (mustExist && !info)
    throw new CliError(
      'E_NO_REGISTRY',
      `No ebonite registry at ${path}${location === undefined ? '' : ` (from ${source})`}: push a model there first (ebonite push), or name a registry with --config <file> or ${CONFIG_ENV}.`,
    );
  return Ebonite.local({ path });
}
