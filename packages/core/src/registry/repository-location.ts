import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Ebonite } from '../client/ebonite.js';
import type { GuardedArtifactRepository } from '../guards/guarded-artifact-repository.js';
import type { JsonObject, JsonValue } from '../objects/records.js';

/** Option names that hold secrets, never part of a location. */
const SECRET = /pass(word)?|secret|token|credential|api[-_]?key|auth/i;

/**
 * Where a metadata repository keeps its data, from its type and `getConfig()`, with credentials, URL
 * user info and tuning options left out, so that two clients of one store describe it alike. Undefined
 * when it cannot be told (no config) or the data lives in one process only (`inmemory`, SQLite in memory).
 */
export function metadataLocation(
  type: string,
  config: JsonObject | undefined,
): JsonObject | undefined {
  if (config === undefined || type === 'inmemory') return undefined;
  if (type === 'local')
    return typeof config.path === 'string' ? { path: resolve(config.path) } : undefined;
  if ((type === 'sqlalchemy' || type === 'sql') && typeof config.url === 'string') {
    const url = sqlUrlLocation(config.url);
    if (url === undefined) return undefined;
    const location: JsonObject = { url };
    for (const key of ['schema', 'tablePrefix'])
      if (config[key] !== undefined) location[key] = config[key]!;
    return location;
  }
  return withoutSecrets(config) as JsonObject;
}

/**
 * A normalised key of where an artifact repository stores files: the resolved root of `local`,
 * endpoint + bucket + prefix of `s3`, the secret-free config of another type. Undefined when it cannot
 * be told (no config) or the store lives in one repository instance only (`inmemory`).
 */
export async function artifactLocation(
  artifacts: GuardedArtifactRepository,
): Promise<string | undefined> {
  const { type } = artifacts;
  const config = artifacts.getConfig();
  if (config === undefined || type === 'inmemory') return undefined;
  if (type === 'local' && typeof config.root === 'string') {
    const root = resolve(config.root);
    return `local:${await realpath(root).catch(() => root)}`;
  }
  if (type === 's3' && typeof config.bucket === 'string') {
    const prefix = typeof config.prefix === 'string' ? config.prefix.replace(/^\/+|\/+$/g, '') : '';
    return `s3:${endpointKey(config.endpoint)}/${config.bucket}/${prefix}`;
  }
  return `${type}:${stableJson(withoutSecrets(config))}`;
}

/**
 * Whether two clients store artifacts in the same place: the same repository instance, or the same
 * type and normalised location ({@link artifactLocation}).
 */
export async function sameArtifactStore(a: Ebonite, b: Ebonite): Promise<boolean> {
  if (a.artifacts === b.artifacts || a.artifacts.inner === b.artifacts.inner) return true;
  if (a.artifacts.type !== b.artifacts.type) return false;
  const [left, right] = await Promise.all([
    artifactLocation(a.artifacts),
    artifactLocation(b.artifacts),
  ]);
  return left !== undefined && left === right;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function stableJson(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

function endpointKey(endpoint: JsonValue | undefined): string {
  if (typeof endpoint !== 'string') return 'aws';
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return endpoint;
  }
}

/** A config without secret-looking options, and with user info stripped from URL strings. */
function withoutSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value))
      if (!SECRET.test(key) && inner !== undefined) out[key] = withoutSecrets(inner);
    return out;
  }
  return typeof value === 'string' ? withoutUserInfo(value) : value;
}

function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/**
 * A SQL connection URL as a location: dialect scheme, no user info, no secret parameters, a SQLite file
 * resolved to an absolute path. Undefined for SQLite in memory.
 */
function sqlUrlLocation(url: string): string | undefined {
  const match = /^([a-z][a-z0-9]*)(\+[a-z0-9_]+)?:(.*)$/is.exec(url);
  if (!match) return withoutUserInfo(url);
  const scheme = match[1]!.toLowerCase();
  const rest = match[3]!;
  if (scheme === 'sqlite') {
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '' || path === '/' || path.endsWith(':memory:')) return undefined;
    return `sqlite://${resolve(path)}`;
  }
  const dialect = scheme === 'postgresql' ? 'postgres' : scheme === 'mariadb' ? 'mysql' : scheme;
  try {
    const parsed = new URL(`${dialect}:${rest}`);
    parsed.username = '';
    parsed.password = '';
    for (const key of [...parsed.searchParams.keys()])
      if (SECRET.test(key)) parsed.searchParams.delete(key);
    return parsed.toString();
  } catch {
    return withoutUserInfo(`${dialect}:${rest}`);
  }
}
