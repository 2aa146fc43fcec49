import { createHash } from 'node:crypto';
import type { Ebonite } from '../client/ebonite.js';
import { EboniteError } from '../errors/ebonite-error.js';
import type { JsonObject } from '../objects/records.js';
import { metadataLocation, stableJson } from './repository-location.js';

/**
 * The registry marker: a small reserved "model" every client writes into its artifact store before
 * its first push, `model/ebonite-registry-<16 hex>/registry.json`, naming the metadata store that uses
 * these files. A registry check that finds the markers of other registries knows that their models'
 * files are not its orphans. Marker ids are never UUIDv7, so nothing takes a marker for a model.
 */
export const REGISTRY_MARKER_PREFIX = 'ebonite-registry-';
/** The one file of a marker. */
export const REGISTRY_MARKER_FILE = 'registry.json';
const MARKER_ID = /^ebonite-registry-[0-9a-f]{16}$/;
const MAX_MARKER_BYTES = 64 * 1024;

/** A registry, as its marker in an artifact store names it. */
export interface RegistryMarker {
  /** The marker's id in the artifact store: `ebonite-registry-<16 hex>`. */
  id: string;
  /** The metadata store of the registry (credentials left out); absent when the marker cannot be read. */
  metadata?: { type: string; location: JsonObject };
}

/** Whether an id listed by an artifact repository is a registry marker. */
export function isRegistryMarkerId(id: string): boolean {
  return MARKER_ID.test(id);
}

/**
 * The marker of a client's registry: its id is the first 16 hex digits of the sha256 of the metadata
 * type and location. Undefined when the metadata store cannot be described (built from an injected
 * client) or lives in this process only (`inmemory`): such a client writes no marker.
 */
export function registryMarkerOf(client: Ebonite): RegistryMarker | undefined {
  const type = client.meta.type;
  const location = metadataLocation(type, client.meta.getConfig());
  if (!location) return undefined;
  const hash = createHash('sha256')
    .update(`${type}\n${stableJson(location)}`)
    .digest('hex');
  return { id: `${REGISTRY_MARKER_PREFIX}${hash.slice(0, 16)}`, metadata: { type, location } };
}

const written = new WeakMap<Ebonite, Promise<void>>();

/**
 * Makes sure the client's registry marker is in its artifact store: once per client, one small push
 * (which a repository refuses with `E_ARTIFACT_EXISTS`, after one listing, when the marker is there;
 * it also creates a missing bucket when allowed, as a model's push would). Later calls share the first
 * one's result. A failure is thrown, and the next call tries again.
 */
export function ensureRegistryMarker(client: Ebonite): Promise<void> {
  let pending = written.get(client);
  if (!pending) {
    pending = writeMarker(client);
    written.set(client, pending);
    pending.catch(() => written.delete(client));
  }
  return pending;
}

async function writeMarker(client: Ebonite): Promise<void> {
  const marker = registryMarkerOf(client);
  if (!marker) return;
  const body = `${JSON.stringify({ format: 'ebonite-registry', version: 1, metadata: marker.metadata }, null, 2)}\n`;
  try {
    await client.artifacts.push(marker.id, [[REGISTRY_MARKER_FILE, Buffer.from(body)]]);
  } catch (error) {
    // Written before (by this registry's earlier clients): the push's own check found it.
    if (!EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS')) throw error;
  }
}

/** Reads a marker found in the artifact store; one that cannot be read is returned without `metadata`. */
export async function readRegistryMarker(client: Ebonite, id: string): Promise<RegistryMarker> {
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await client.artifacts.open(id, REGISTRY_MARKER_FILE)) {
      size += (chunk as Buffer).length;
      if (size > MAX_MARKER_BYTES) return { id };
      chunks.push(chunk as Buffer);
    }
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      metadata?: { type?: unknown; location?: unknown };
    };
    const { type, location } = parsed.metadata ?? {};
    if (typeof type !== 'string' || typeof location !== 'object' || location === null)
      return { id };
    return { id, metadata: { type, location: location as JsonObject } };
  } catch (error) {
    if (
      EboniteError.isInstance(error, 'E_CONNECTION') ||
      EboniteError.isInstance(error, 'E_CLOSED')
    )
      throw error;
    return { id };
  }
}
