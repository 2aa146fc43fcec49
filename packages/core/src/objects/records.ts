/** A JSON value, as stored in metadata. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The stored form of a project. Dates are UTC ISO 8601 strings. */
export interface ProjectRecord {
  id: string;
  name: string;
  author: string;
  creationDate: string;
}

/** The stored form of a task: a container for the models trained for one problem. */
export interface TaskRecord {
  id: string;
  name: string;
  author: string;
  creationDate: string;
  projectId: string;
}

/**
 * One file of a model as the metadata records it: a name relative to the model (sub-folders with `/`),
 * its size in bytes and its digest `sha256:<hex>`. Never a path or an endpoint, so the metadata
 * survives moving the artifact store.
 */
export interface ArtifactDescriptor {
  name: string;
  size: number;
  digest: string;
}

/** A package a model needs to be loaded, with the exact version it was saved with when known. */
export interface Requirement {
  package: string;
  version?: string;
}

/** The stored form of a model. `wrapper` is opaque to repositories: JSON a model wrapper wrote, or null. */
export interface ModelRecord {
  id: string;
  name: string;
  author: string;
  creationDate: string;
  taskId: string;
  description: string;
  params: JsonObject;
  requirements: Requirement[];
  artifacts: ArtifactDescriptor[];
  wrapper: JsonObject | null;
}
