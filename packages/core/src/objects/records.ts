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
  /** Free-form labels (contract v2). Absent in records of a v1 repository; the core shows `{}`. */
  tags?: Tags;
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
  /**
   * The version number of a model created without a name (contract v2): the `n` of its name `vn`,
   * allocated by the repository. `null` for a model created with a name. Absent in records of a v1
   * repository; the core shows `null`.
   */
  version?: number | null;
  /** Free-form labels (contract v2). Absent in records of a v1 repository; the core shows `{}`. */
  tags?: Tags;
}

/** Tags: string keys (at most 255 characters) to string values (at most 5,000 characters). */
export type Tags = Record<string, string>;

/** A change to tags, merged atomically into the stored ones: a `null` value removes its key. */
export type TagChanges = Record<string, string | null>;

/**
 * A model to create through contract v2. `name: null` asks the repository for the task's next
 * version: it allocates the number and the name `v<number>` in the same atomic step as the record.
 * A record with both a name and a `version` (a copied registry) is stored as given.
 */
export type NewModelRecord = Omit<ModelRecord, 'name' | 'version' | 'tags'> & {
  name: string | null;
  version: number | null;
  tags: Tags;
};

/** Who made a change and when (UTC ISO 8601), given by the core and stored as given. */
export interface ChangeStamp {
  author: string;
  at: string;
}

/** An alias of a task: a name (`production`, `staging`, ...) for one of its models. */
export interface AliasRecord {
  taskId: string;
  alias: string;
  modelId: string;
  /** When the alias was last moved. */
  updatedAt: string;
  /** Who moved it last. */
  author: string;
}

/**
 * One move of an alias, kept forever (until its task is deleted): `modelId` is the new target
 * (`null` when the alias was removed), `previousModelId` the old one (`null` when it was first set).
 */
export interface AliasEvent {
  taskId: string;
  alias: string;
  modelId: string | null;
  previousModelId: string | null;
  at: string;
  author: string;
}

/** A JSON scalar: what a `params` filter of a search compares with. */
export type JsonScalar = string | number | boolean | null;

/** Where a search page ends: the sort key of its last model. */
export interface SearchPosition {
  name: string;
  creationDate: string;
  id: string;
}

/**
 * A search of models as a repository receives it: checked and normalized by the core (the cursor is
 * already decoded into `after`). Every given filter must match.
 */
export interface ModelSearch {
  /** Only the models of this project's tasks. */
  projectId: string | null;
  /** Only the models of this task. */
  taskId: string | null;
  /** Names that start with these exact characters (case-sensitive; `%` and `_` are plain characters). */
  namePrefix: string | null;
  /** Every key must be present with exactly this value. `{}` matches every model. */
  tags: Tags;
  /** Every top-level key of the model's params must be present and JSON-equal to this scalar. */
  params: Record<string, JsonScalar>;
  author: string | null;
  /** Inclusive lower bound on `creationDate` (an ISO 8601 string made by `Date.toISOString()`). */
  createdAfter: string | null;
  /** Exclusive upper bound on `creationDate`. */
  createdBefore: string | null;
  /**
   * `creationDate`: by (creationDate, id); `name`: by (name as UTF-8 bytes, creationDate, id). Every
   * part of the key goes in `order`.
   */
  orderBy: 'creationDate' | 'name';
  order: 'asc' | 'desc';
  /** The most models to return (1 to 1,001: the core asks one more than the page to know if more follow). */
  limit: number;
  /** Return only models strictly after this position in the order; `null` for the first page. */
  after: SearchPosition | null;
}
