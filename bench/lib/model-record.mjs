// The metadata record of a typical model, for the metadata benchmarks.
import { newId, nowIso } from '@ebonite/core/plugin';

/** A model record like the ones ebonite pushes: params, requirements, two artifact descriptors, a wrapper. */
export function modelRecord(taskId, i) {
  return {
    id: newId(),
    name: `model-${i}`,
    author: 'bench',
    creationDate: nowIso(),
    taskId,
    description: `benchmark model ${i}`,
    params: { learningRate: 0.001, epochs: 12, layers: [64, 32, 1], seed: i },
    requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }, { package: 'numpy' }],
    artifacts: [
      { name: 'model.onnx', size: 1_234_567, digest: `sha256:${'ab'.repeat(32)}` },
      { name: 'tokenizer/vocab.txt', size: 4096, digest: `sha256:${'cd'.repeat(32)}` },
    ],
    wrapper: {
      type: 'onnx',
      methods: {
        predict: {
          input: { dtype: 'float32', shape: [null, 4] },
          output: { dtype: 'float32', shape: [null, 1] },
        },
      },
    },
  };
}
