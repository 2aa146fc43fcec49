export { OnnxWrapper, onnxWrapper, type OnnxWrapperOptions } from './onnx-wrapper.js';
export { OnnxModel, type OnnxInput, type OnnxOutput } from './onnx-model.js';
export { MODEL_FILE, DATA_FILE, EXTERNAL_THRESHOLD } from './onnx-layout.js';
export { isOnnxSource, type OnnxSource } from './onnx-source.js';
export { NON_TENSOR_TYPE } from './signatures.js';
export { ORT_VERSION_RANGE } from './runtime.js';
export { ebonitePlugin } from './plugin.js';
