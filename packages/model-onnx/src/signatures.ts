import type { Dimension, MethodSignature, ValueSchema } from '@ebonite/core/plugin';
import type { InferenceSession } from 'onnxruntime-node';

/** Recorded for an output onnxruntime-node cannot return, such as sklearn-onnx's ZipMap (a sequence of maps). */
export const NON_TENSOR_TYPE = 'non-tensor (a sequence or map): not returned by onnxruntime-node';

function schema(
  value: InferenceSession.ValueMetadata,
  unknownRank: ReadonlySet<string>,
): ValueSchema {
  if (!value.isTensor) return { name: value.name, kind: 'other', type: NON_TENSOR_TYPE };
  // onnxruntime reports a tensor of unknown rank as [], like a scalar: the graph says which it is.
  if (unknownRank.has(value.name))
    return { name: value.name, kind: 'tensor', dtype: value.type, shape: null };
  // An unnamed dynamic dimension comes back as "" (or a negative size): any size.
  const shape: Dimension[] = value.shape.map((d) =>
    d === '' || (typeof d === 'number' && d < 0) ? null : d,
  );
  return { name: value.name, kind: 'tensor', dtype: value.type, shape };
}

/**
 * The `predict` method of a session, read from its input and output metadata; `hidden` inputs
 * (initializers of a skeleton graph) left out, and `unknownRank` inputs (declared without a shape in
 * the graph) recorded with `shape: null`, any rank.
 */
export function sessionSignature(
  session: InferenceSession,
  hidden: ReadonlySet<string> = new Set(),
  unknownRank: ReadonlySet<string> = new Set(),
): MethodSignature {
  return {
    inputs: session.inputMetadata
      .filter((v) => !hidden.has(v.name))
      .map((v) => schema(v, unknownRank)),
    outputs: session.outputMetadata.map((v) => schema(v, new Set())),
  };
}
