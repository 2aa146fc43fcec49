import { InvalidInputError, type JsonObject, type Requirement, type Tags } from '@ebonite/core';

/** One file a push announces: its name and, optionally, the size and digest it must arrive with. */
export interface ManifestArtifact {
  name: string;
  size?: number;
  /** `sha256:<hex>`; given with `size`, the push fails (`E_ARTIFACT_INTEGRITY`) unless the bytes match. */
  digest?: string;
}

/** The `model` field that opens a push by name: the model's metadata and its files, in order. */
export interface PushManifest {
  /** Absent (or null): the task's next version, `v1`, `v2`, ... */
  name?: string;
  description?: string;
  params?: JsonObject;
  tags?: Tags;
  requirements?: Requirement[];
  author?: string;
  artifacts: ManifestArtifact[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parses and checks the `model` field of a push; the core checks names and values again. */
export function parseManifest(text: string): PushManifest {
  let json: Partial<PushManifest>;
  try {
    json = JSON.parse(text) as Partial<PushManifest>;
  } catch (cause) {
    throw new InvalidInputError('The "model" field of the push is not valid JSON.', { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InvalidInputError('The "model" field of the push must be a JSON object.');
  const artifacts = json.artifacts ?? [];
  if (!Array.isArray(artifacts))
    throw new InvalidInputError('"artifacts" must be a list of { name, size?, digest? }.');
  for (const a of artifacts) {
    if (typeof a !== 'object' || a === null || typeof a.name !== 'string')
      throw new InvalidInputError('Each of "artifacts" must be an object with a "name" string.');
    const sized = a.size !== undefined;
    const hashed = a.digest !== undefined;
    if (sized !== hashed)
      throw new InvalidInputError(
        `Artifact "${a.name}": give both "size" and "digest" (sha256:<hex>), or neither.`,
      );
    if (
      sized &&
      (!Number.isSafeInteger(a.size) || (a.size as number) < 0 || !DIGEST.test(String(a.digest)))
    )
      throw new InvalidInputError(
        `Artifact "${a.name}": "size" must be a whole number of bytes and "digest" "sha256:<64 hex digits>".`,
      );
  }
  const { name, ...rest } = json as Partial<PushManifest> & { name?: string | null };
  return {
    ...rest,
    ...(name !== undefined && name !== null && { name }),
    artifacts,
  } as PushManifest;
}
