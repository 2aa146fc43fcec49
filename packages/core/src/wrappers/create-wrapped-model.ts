import type { ModelWrapper, WrappedModel, WrapperRecord } from '../contracts/model-wrapper.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { InvalidPluginError } from '../errors/plugin-errors.js';
import { WrapperFailedError } from '../errors/wrapper-errors.js';
import type { CreateModelOptions } from '../objects/create-options.js';
import { Model } from '../objects/model.js';
import { validateName } from '../objects/names.js';
import type { JsonObject } from '../objects/records.js';
import { checkWrapper, findWrapper, resolveWrapper } from './find-wrapper.js';
import { recordRequirements } from './record-requirements.js';
import { checkInput, type MethodSignature } from './signatures.js';

/** What `Model.create(modelObject, inputSample, options)` takes. */
export interface CreateWrappedModelOptions extends Omit<CreateModelOptions, 'artifacts'> {
  /** The wrapper, as an instance or a type string; by default the first one that recognises the object. */
  wrapper?: string | ModelWrapper;
  /** Options for the wrapper, recorded nowhere (`{ includeOptimizer: true }` for `tfjs`). */
  wrapperOptions?: JsonObject;
}

async function guard<T>(
  wrapper: ModelWrapper,
  operation: string,
  run: () => Promise<T> | T,
): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (EboniteError.isInstance(cause)) throw cause;
    throw new WrapperFailedError(wrapper.type, operation, { cause });
  }
}

function checkMethods(
  wrapper: ModelWrapper,
  methods: Record<string, MethodSignature>,
): Record<string, MethodSignature> {
  if (typeof methods !== 'object' || methods === null || Object.keys(methods).length === 0)
    throw new InvalidPluginError(
      `The "${wrapper.type}" wrapper reported no methods for this model: report this to its authors.`,
    );
  return structuredClone(methods);
}

/**
 * Wraps a live model object: finds its wrapper, reads its methods and their schemas, checks the input
 * sample (when given) against every method, and makes a {@link Model} whose files are what the wrapper
 * saved and whose metadata records the wrapper, the methods and the requirements with exact versions.
 */
export async function createWrappedModel(
  object: unknown,
  sample: unknown,
  options: CreateWrappedModelOptions,
): Promise<Model> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidInputError(
      'Model.create(modelObject, inputSample, options) needs an options object: { name }.',
    );
  if (options.name !== undefined) validateName('model', options.name);
  const wrapper =
    options.wrapper === undefined
      ? await findWrapper(object)
      : typeof options.wrapper === 'string'
        ? await resolveWrapper(options.wrapper)
        : checkWrapper(options.wrapper, 'The wrapper passed to Model.create()');
  const wrapped: WrappedModel = await guard(wrapper, 'wrap the model', () =>
    wrapper.wrap(object, options.wrapperOptions ?? {}),
  );
  try {
    const methods = checkMethods(wrapper, wrapped.methods);
    if (sample !== undefined)
      for (const [name, signature] of Object.entries(methods))
        checkInput(name, signature, wrapped.describeInput(name, sample));
    const saved = await guard(wrapper, 'save the model', () => wrapped.save());
    const requirements = recordRequirements(wrapper, wrapped.requirements, options.requirements);
    const { name, params, description, author, tags } = options;
    const base = Model.create({
      ...(name === undefined ? {} : { name }),
      ...(tags === undefined ? {} : { tags }),
      artifacts: saved.artifacts,
      requirements,
      ...(params === undefined ? {} : { params }),
      ...(description === undefined ? {} : { description }),
      ...(author === undefined ? {} : { author }),
    });
    const record: WrapperRecord = {
      type: wrapper.type,
      version: wrapper.version,
      specificationVersion: 'v1',
      methods,
      data: structuredClone(saved.data ?? {}),
    };
    return new Model(
      { ...base.toRecord(), wrapper: record as unknown as JsonObject },
      base.sources,
    );
  } finally {
    await wrapped.dispose();
  }
}
