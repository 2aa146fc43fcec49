export type * from './model-wrapper.js';
export { type Dimension, type ValueSchema, type MethodSignature, type TensorDescription, checkInput } from './signatures.js';
export * from './wrapper-errors.js';
export { importRuntime } from './import-runtime.js';
export { LoadedModel } from './loaded-model.js';
export { findWrapper, resolveWrapper } from './find-wrapper.js';
export { recordRequirements } from './record-requirements.js';
export type { CreateWrappedModelOptions } from './create-wrapped-model.js';
export type { LoadModelOptions } from './load-model.js';
