import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

tf.env().set('IS_TEST', true);

/** Deterministic inputs: 16 rows of 4 features. */
export const features = () =>
  tf.tensor2d(
    Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.7) * 2),
    [16, 4],
  );
const labels = () =>
  tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % 3),
      'int32',
    ),
    3,
  );

/** A small classifier (4 → 8 relu → 3 softmax) trained with Adam for a few steps. */
export async function trainedClassifier(): Promise<tfl.Sequential> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const [x, y] = [features(), tf.cast(labels(), 'float32')];
  await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
  tf.dispose([x, y]);
  return model;
}

/** A functional model with two inputs, `left` [batch, 2] and `right` [batch, 3], concatenated into a dense layer. */
export function twoInputModel(): tfl.LayersModel {
  const left = tfl.input({ shape: [2], name: 'left' });
  const right = tfl.input({ shape: [3], name: 'right' });
  const merged = tfl.layers.concatenate().apply([left, right]) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 1, name: 'score' }).apply(merged) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [left, right], outputs: out });
}

/** The raw bytes of a tensor's values, to compare bit for bit. */
export const bits = (t: tf.Tensor) =>
  Buffer.from((t.dataSync() as Float32Array).buffer).toString('base64');

export { tf, tfl };
