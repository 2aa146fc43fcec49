import { type ArtifactSource, checkArtifactSource } from '../artifacts/artifact-source.js';
import { InvalidInputError } from '../errors/input-errors.js';
// Type-only: the wrapper modules import Model, so they are loaded on demand (no import cycle).
import type { CreateWrappedModelOptions } from '../wrappers/create-wrapped-model.js';
import type { LoadModelOptions } from '../wrappers/load-model.js';
import type { LoadedModel } from '../wrappers/loaded-model.js';
import { defaultAuthor } from './author.js';
import { type CreateModelOptions, checkCreateOptions, cloneJson } from './create-options.js';
import { newId, nowIso } from './ids.js';
import type { ModelArtifacts } from './model-artifacts.js';
import { validateArtifactNames } from './names.js';
import type { ArtifactDescriptor, JsonObject, ModelRecord, Requirement, Tags } from './records.js';

const modelBrand = Symbol.for('ebonite.model');

/**
 * A model: its metadata plus its files. `Model.create` makes one to push; a client returns persisted
 * ones, whose files are read back through {@link Model.files}.
 */
export class Model {
  readonly [modelBrand] = true;
  readonly id: string;
  /**
   * Unique in its task. `''` for a model made without a name until it is pushed: the push names it
   * `v<version>`.
   */
  readonly name: string;
  /** The version number of a model pushed without a name (`v3` is 3); `null` for a named model. */
  readonly version: number | null;
  /** Free-form labels; change them with `client.setModelTags`. */
  readonly tags: Tags;
  readonly author: string;
  readonly creationDate: string;
  /** The task it belongs to; empty until pushed. */
  readonly taskId: string;
  readonly description: string;
  readonly params: JsonObject;
  readonly requirements: Requirement[];
  /** The recorded files (name, size, digest); empty until pushed. */
  readonly artifacts: ArtifactDescriptor[];
  /** What a model wrapper recorded, opaque to repositories; null for plain files. */
  readonly wrapper: JsonObject | null;
  /** The files to upload, for a model not pushed yet. */
  readonly sources: ReadonlyMap<string, ArtifactSource>;
  readonly #artifact: ModelArtifacts | undefined;

  /** @internal Use `Model.create` or a client's getters. */
  constructor(
    record: ModelRecord,
    sources: ReadonlyMap<string, ArtifactSource> = new Map(),
    artifact?: ModelArtifacts,
  ) {
    this.id = record.id;
    this.name = record.name;
    this.version = record.version ?? null;
    this.tags = record.tags ?? {};
    this.author = record.author;
    this.creationDate = record.creationDate;
    this.taskId = record.taskId;
    this.description = record.description;
    this.params = record.params;
    this.requirements = record.requirements;
    this.artifacts = record.artifacts;
    this.wrapper = record.wrapper;
    this.sources = sources;
    this.#artifact = artifact;
  }

  /**
   * Makes a model to push: validates the name, the tags and the artifact names now, assigns the id, and
   * keeps the sources untouched until the push streams them. Without a `name`, the push gives it the
   * task's next version (`v1`, `v2`, ...). Throws `InvalidInputError`.
   */
  static create(options: CreateModelOptions): Model;
  /**
   * Makes a model to push from a live model object (an ONNX graph, a TF.js `LayersModel`, ...): the
   * first wrapper that recognises it (or `options.wrapper`) reads its methods and their input and output
   * schemas, checks `inputSample` against them when given, and saves it as artifacts; the metadata
   * records the wrapper, the methods and the packages (exact versions) needed to load it. Throws
   * `UnrecognizedModelError`, `ModelInputError`, `RuntimeNotInstalledError`, `InvalidInputError`.
   */
  static create(
    modelObject: unknown,
    inputSample: unknown,
    options: CreateWrappedModelOptions,
  ): Promise<Model>;
  static create(modelObject: unknown, options: CreateWrappedModelOptions): Promise<Model>;
  static create(...args: unknown[]): Model | Promise<Model> {
    if (args.length > 1)
      return import('../wrappers/create-wrapped-model.js').then(({ createWrappedModel }) =>
        args.length === 2
          ? createWrappedModel(args[0], undefined, args[1] as CreateWrappedModelOptions)
          : createWrappedModel(args[0], args[1], args[2] as CreateWrappedModelOptions),
      );
    const options = checkCreateOptions(args[0]);
    const entries = Object.entries(options.artifacts ?? {});
    validateArtifactNames(entries.map(([name]) => name));
    for (const [name, source] of entries) checkArtifactSource(name, source);
    const record: ModelRecord = {
      id: newId(),
      name: options.name ?? '',
      version: null,
      tags: { ...(options.tags ?? {}) },
      author: options.author ?? defaultAuthor(),
      creationDate: nowIso(),
      taskId: '',
      description: options.description ?? '',
      params: cloneJson(options.params ?? {}),
      requirements: cloneJson(options.requirements ?? []),
      artifacts: [],
      wrapper: null,
    };
    return new Model(record, new Map(entries));
  }

  /** True for a Model from any copy of `@ebonite/core` (duplicate installs included). */
  static isModel(value: unknown): value is Model {
    return typeof value === 'object' && value !== null && modelBrand in value;
  }

  /** True once the model came from a client (pushed or read back). */
  get isPersisted(): boolean {
    return this.#artifact !== undefined;
  }

  /**
   * Loads a persisted model made from a model object into a live one: `await (await model.load()).predict(input)`.
   * Resolves the recorded wrapper type like a repository type, reads the files verified, and checks every
   * input against the recorded schemas. Throws `InvalidInputError` for a model not pushed or made from
   * plain files, `RuntimeNotInstalledError` naming the package and version to install.
   */
  async load(options?: LoadModelOptions): Promise<LoadedModel> {
    const { loadModel } = await import('../wrappers/load-model.js');
    return loadModel(this, options);
  }

  /**
   * Reads back the files of a persisted model (`list`, `open`, `bytesDict`, `materialize`), verified
   * against {@link Model.artifacts}, their recorded descriptors. Throws `InvalidInputError` for a model
   * not pushed yet.
   */
  get files(): ModelArtifacts {
    if (!this.#artifact)
      throw new InvalidInputError(
        `Model "${this.name}" has not been pushed: push it with a client, or get it from one, to read its artifacts.`,
      );
    return this.#artifact;
  }

  /**
   * The reader of the model's files, under its old name.
   * @deprecated Use {@link Model.files}: `artifact` beside `artifacts` (the descriptors) misled. Removed
   * in the next minor version.
   */
  get artifact(): ModelArtifacts {
    return this.files;
  }

  /** The plain record, as repositories store it. */
  toRecord(): ModelRecord {
    return {
      id: this.id,
      name: this.name,
      author: this.author,
      creationDate: this.creationDate,
      taskId: this.taskId,
      description: this.description,
      params: cloneJson(this.params),
      requirements: cloneJson(this.requirements),
      artifacts: this.artifacts.map((a) => ({ ...a })),
      wrapper: cloneJson(this.wrapper),
      version: this.version,
      tags: { ...this.tags },
    };
  }
}
