export { DATA_FILE, EXTERNAL_THRESHOLD, MODEL_FILE } from './onnx-layout.js';
export { type OnnxInput, OnnxModel, type OnnxOutput } from './onnx-model.js';
export { isOnnxSource, type OnnxSource } from './onnx-source.js';
export { OnnxWrapper, type OnnxWrapperOptions, onnxWrapper } from './onnx-wrapper.js';
export { ebonitePlugin } from './plugin.js';
export { ORT_VERSION_RANGE } from './runtime.js';
export { NON_TENSOR_TYPE } from './signatures.js';
