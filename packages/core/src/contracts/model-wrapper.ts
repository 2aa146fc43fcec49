import type { ArtifactSource } from '../artifacts/artifact-source.js';
import type { ModelArtifacts } from '../objects/model-artifacts.js';
import type { JsonObject } from '../objects/records.js';
import type { MethodSignature, TensorDescription } from '../wrappers/signatures.js';

/**
 * What `save()` of a wrapped model produces: the files to store (bytes, `{ path }` or streams, as for
 * `Model.create`) and the wrapper's own JSON, handed back to {@link ModelWrapper.load}.
 */
export interface SavedModel {
  artifacts: Record<string, ArtifactSource>;
  data?: JsonObject;
}

/** What a model's `wrapper` field holds when a wrapper made it. Repositories treat it as opaque JSON. */
export interface WrapperRecord {
  /** The wrapper's type string (`'onnx'`, `'tfjs'`): how `model.load()` finds the wrapper again. */
  type: string;
  /** The wrapper's version when the model was saved. */
  version: string;
  /** The contract version the wrapper implemented. */
  specificationVersion: 'v1';
  /** The methods the model offers, by name (`predict`), with their input and output schemas. */
  methods: Record<string, MethodSignature>;
  /** The wrapper's own data from {@link SavedModel.data}. */
  data: JsonObject;
}

/**
 * A live model held by a wrapper: the object the user passed (or the one `load` recreated), what it
 * offers, and how to call and save it. The core checks every input against {@link methods} before
 * {@link call} sees it.
 */
export interface WrappedModel {
  /** The live model object (an `InferenceSession`, a `LayersModel`, ...). */
  readonly object: unknown;
  /** The methods, read from the model itself, by name. Input and output names are unique per method. */
  readonly methods: Record<string, MethodSignature>;
  /**
   * The npm packages needed to load this model, the wrapper's own package first
   * (`['@ebonite/model-onnx', 'onnxruntime-node']`). The core records each with its installed version.
   */
  readonly requirements: readonly string[];
  /**
   * Names the tensors of an input of `method` and reports their dtype and shape. Throws
   * `InvalidInputError` when the input is not a form the wrapper accepts (the message names the forms).
   */
  describeInput(method: string, input: unknown): TensorDescription[];
  /** Runs `method` on an input the core has already checked against the method's schema. */
  call(method: string, input: unknown): Promise<unknown>;
  /** The files and wrapper data that {@link ModelWrapper.load} turns back into an equivalent model. */
  save(): Promise<SavedModel>;
  /** Releases what the wrapper created (a session, a loaded model); never the user's own object. Idempotent. */
  dispose(): Promise<void> | void;
}

/**
 * A model wrapper: turns a live model object into artifacts plus metadata and back.
 *
 * Contract v1, for plugin authors:
 * - A wrapper is found like a repository: `registerPlugin({ wrapper: { mytype: wrapper } })`, the
 *   built-in map (`onnx`, `tfjs`), or an installed package whose package.json lists
 *   `"ebonite": { "wrapper": ["mytype"] }` and which exports `ebonitePlugin = { wrapper: { mytype } }`.
 * - `recognizes` is cheap and synchronous, and never imports the runtime; `wrap` and `load` import it
 *   lazily, failing with `RuntimeNotInstalledError` (see `importRuntime`) when it is absent.
 * - Errors are `EboniteError`s (`InvalidInputError` for an object or option the wrapper cannot take);
 *   the core wraps anything else with the original as `cause`.
 */
export interface ModelWrapper {
  /** The version of this contract the wrapper implements. */
  readonly specificationVersion: 'v1';
  /** The type string recorded with each model, resolved again by `model.load()`. */
  readonly type: string;
  /** The wrapper's version (its package version), recorded with each model. */
  readonly version: string;
  /** True when this wrapper can wrap `object`. Must not throw. */
  recognizes(object: unknown): boolean;
  /** Wraps a live object: reads its methods and signatures from the model itself. */
  wrap(object: unknown, options: JsonObject): Promise<WrappedModel>;
  /** Recreates a live model from the files and record a previous `save()` wrote. Files are verified as they are read. */
  load(files: ModelArtifacts, record: WrapperRecord): Promise<WrappedModel>;
  /**
   * The version of an npm package as this wrapper loads it, or undefined; the core asks when the user's
   * project does not resolve the package itself (pnpm's strict layout).
   */
  packageVersion?(packageName: string): string | undefined;
}
