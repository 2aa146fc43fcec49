export { decodeArtifacts, encodeArtifacts, MODEL_JSON, WEIGHTS_BIN } from './layers-format.js';
export { ebonitePlugin } from './plugin.js';
export { TFJS_VERSION_RANGE } from './runtime.js';
export { type TfjsInput, TfjsModel, type TfjsOutput } from './tfjs-model.js';
export { TfjsWrapper, type TfjsWrapperOptions, tfjsWrapper } from './tfjs-wrapper.js';
