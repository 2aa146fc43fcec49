import type { ModelWrapper, WrapperRecord } from '../contracts/model-wrapper.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { RuntimeNotInstalledError, WrapperFailedError } from '../errors/wrapper-errors.js';
import type { Model } from '../objects/model.js';
import { checkWrapper, resolveWrapper } from './find-wrapper.js';
import { LoadedModel } from './loaded-model.js';

/** Options of `model.load()`. */
export interface LoadModelOptions {
  /** Use this wrapper instead of resolving the recorded type (it must implement the same type). */
  wrapper?: ModelWrapper;
}

function readRecord(model: Model): WrapperRecord {
  const record = model.wrapper as unknown as Partial<WrapperRecord> | null;
  if (record === null)
    throw new InvalidInputError(
      `Model "${model.name}" was made from files, not by a model wrapper, so there is nothing to load: read its files with model.files.`,
    );
  if (
    typeof record.type !== 'string' ||
    typeof record.methods !== 'object' ||
    record.methods === null ||
    record.specificationVersion !== 'v1'
  )
    throw new InvalidInputError(
      `Model "${model.name}" has wrapper metadata this @ebonite/core cannot read (type ${String(record.type)}, contract ${String(record.specificationVersion)}): upgrade @ebonite/core.`,
    );
  return {
    type: record.type,
    version: String(record.version),
    specificationVersion: 'v1',
    methods: record.methods,
    data: record.data ?? {},
  };
}

/** A missing package reported with the exact version the model was saved with, when it recorded one. */
function withRecordedVersion(error: unknown, model: Model): unknown {
  if (!EboniteError.isInstance(error)) return error;
  const packageName =
    error.code === 'E_RUNTIME_NOT_INSTALLED'
      ? (error as RuntimeNotInstalledError).packageName
      : error.code === 'E_PLUGIN_NOT_INSTALLED'
        ? (error as { packageName?: string }).packageName
        : undefined;
  const recorded = model.requirements.find((r) => r.package === packageName)?.version;
  if (!packageName || !recorded || (error as { version?: string }).version === recorded)
    return error;
  return new RuntimeNotInstalledError(packageName, recorded, { cause: error });
}

/** Loads a persisted model made by a wrapper into a {@link LoadedModel}. */
export async function loadModel(
  model: Model,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const record = readRecord(model);
  const files = model.files;
  let wrapper: ModelWrapper;
  try {
    wrapper = options.wrapper
      ? checkWrapper(options.wrapper, 'The wrapper passed to model.load()')
      : await resolveWrapper(record.type);
  } catch (error) {
    throw withRecordedVersion(error, model);
  }
  if (wrapper.type !== record.type)
    throw new InvalidInputError(
      `Model "${model.name}" was saved by the "${record.type}" wrapper; the "${wrapper.type}" wrapper cannot load it.`,
    );
  try {
    const wrapped = await wrapper.load(files, record);
    return new LoadedModel(model.name, wrapper.type, wrapped, record.methods);
  } catch (error) {
    if (EboniteError.isInstance(error)) throw withRecordedVersion(error, model);
    throw new WrapperFailedError(wrapper.type, `load model "${model.name}"`, { cause: error });
  }
}
