export { TfjsWrapper, tfjsWrapper, type TfjsWrapperOptions } from './tfjs-wrapper.js';
export { TfjsModel, type TfjsInput, type TfjsOutput } from './tfjs-model.js';
export { MODEL_JSON, WEIGHTS_BIN, encodeArtifacts, decodeArtifacts } from './layers-format.js';
export { TFJS_VERSION_RANGE } from './runtime.js';
export { ebonitePlugin } from './plugin.js';
