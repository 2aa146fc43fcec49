import { readFile } from 'node:fs/promises';
import { InvalidConfigError } from '../errors/input-errors.js';
import type { JsonObject } from '../objects/records.js';

/** One repository in a client config: its type string and the JSON options its factory takes. */
export interface RepositoryConfig {
  type: string;
  options: JsonObject;
}

/**
 * The client config file `saveClientConfig` writes and `Ebonite.fromConfigFile` reads, so a team shares
 * one registry: `{ "format": "ebonite-client", "version": 1, "metadata": {...}, "artifact": {...} }`.
 */
export interface ClientConfig {
  format: 'ebonite-client';
  version: 1;
  metadata: RepositoryConfig;
  artifact: RepositoryConfig;
}

function checkRepository(file: string, key: string, value: unknown): RepositoryConfig {
  const entry = value as Partial<RepositoryConfig> | undefined;
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.type !== 'string' ||
    entry.type === ''
  )
    throw new InvalidConfigError(
      `${file}: "${key}" must be an object with a non-empty "type" string, such as { "type": "local", "options": {} }.`,
    );
  if (
    entry.options !== undefined &&
    (typeof entry.options !== 'object' || entry.options === null || Array.isArray(entry.options))
  )
    throw new InvalidConfigError(`${file}: "${key}.options" must be a JSON object.`);
  return { type: entry.type, options: entry.options ?? {} };
}

/** Reads and checks a client config file. Throws `InvalidConfigError` naming the file and the problem. */
export async function readClientConfig(file: string): Promise<ClientConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InvalidConfigError(
      `Cannot read the client config ${file}: check the path (write one with client.saveClientConfig()).`,
      { cause },
    );
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidConfigError(
      `The client config ${file} is not valid JSON: fix it or write it again with client.saveClientConfig().`,
      { cause },
    );
  }
  if (typeof json !== 'object' || json === null || json.format !== 'ebonite-client')
    throw new InvalidConfigError(
      `${file} is not an ebonite client config (no "format": "ebonite-client"): write one with client.saveClientConfig().`,
    );
  if (json.version !== 1)
    throw new InvalidConfigError(
      `${file} has config version ${String(json.version)}; this @ebonite/core reads version 1: upgrade @ebonite/core.`,
    );
  return {
    format: 'ebonite-client',
    version: 1,
    metadata: checkRepository(file, 'metadata', json.metadata),
    artifact: checkRepository(file, 'artifact', json.artifact),
  };
}
