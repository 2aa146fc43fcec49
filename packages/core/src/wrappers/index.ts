export * from '../errors/wrapper-errors.js';
export type { CreateWrappedModelOptions } from './create-wrapped-model.js';
export { findWrapper, resolveWrapper } from './find-wrapper.js';
export { importRuntime } from './import-runtime.js';
export type { LoadModelOptions } from './load-model.js';
export { LoadedModel } from './loaded-model.js';
export type * from './model-wrapper.js';
export { recordRequirements } from './record-requirements.js';
export {
  checkInput,
  type Dimension,
  type MethodSignature,
  type TensorDescription,
  type ValueSchema,
} from './signatures.js';
