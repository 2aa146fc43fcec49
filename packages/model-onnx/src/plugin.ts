import type { EbonitePlugin } from '@ebonite/core/plugin';
import { onnxWrapper } from './onnx-wrapper.js';

/** The wrapper this package provides, found by `@ebonite/core` through the `"ebonite"` field of package.json. */
export const ebonitePlugin: EbonitePlugin = { wrapper: { onnx: onnxWrapper } };
