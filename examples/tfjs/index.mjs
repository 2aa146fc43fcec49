// The TF.js walkthrough: a small classifier trained here, handed to ebonite with a sample of its input
// (`createModel`, as Ebonite's create_model), then got back through a fresh client and loaded with
// identical weights: the same predictions bit for bit. With includeOptimizer, training resumes exactly.
// Run it with `pnpm --filter @ebonite/example-tfjs start`; the registry goes to ./.ebonite.
import '@tensorflow/tfjs-backend-cpu';
import { Ebonite, EboniteError } from '@ebonite/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

tf.env().set('IS_TEST', true); // silences TF.js' "install tfjs-node" banner

// 1. Train: three clusters of 2-D points, a 2 -> 16 -> 3 network, a few epochs of Adam.
const centers = [
  [0, 0],
  [3, 1],
  [1, 3],
];
const points = Array.from({ length: 150 }, (_, i) =>
  centers[i % 3].map((c, d) => c + Math.sin(i * 12.9898 + d * 78.233) * 0.8),
);
const x = tf.tensor2d(points);
const y = tf.oneHot(
  tf.tensor1d(
    points.map((_, i) => i % 3),
    'int32',
  ),
  3,
);
const classifier = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [2], units: 16, activation: 'relu' }),
    tfl.layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
classifier.compile({
  optimizer: tf.train.adam(0.05),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
});
const history = await classifier.fit(x, tf.cast(y, 'float32'), {
  epochs: 20,
  batchSize: 30,
  verbose: 0,
});
console.log(`trained: accuracy ${(history.history.acc.at(-1) * 100).toFixed(0)}% after 20 epochs`);

// 2. Push it, with the optimizer's state so training can resume later.
const ebnt = await Ebonite.local({ clear: true });
const model = await ebnt.createModel(classifier, tf.slice(x, [0, 0], [4, 2]), {
  name: 'clusters',
  projectName: 'examples',
  taskName: 'classification',
  params: { epochs: 20 },
  wrapperOptions: { includeOptimizer: true },
});
const describe = (values) =>
  values.map((v) => `${v.name} ${v.dtype} [${v.shape.join(', ')}]`).join(', ');
const { predict } = model.wrapper.methods;
console.log(
  `pushed "${model.name}" (wrapper ${model.wrapper.type} ${model.wrapper.version}): predict(${describe(predict.inputs)}) -> ${describe(predict.outputs)}`,
);
console.log(`files: ${model.artifacts.map((a) => `${a.name} (${a.size} B)`).join(', ')}`);
console.log(
  `requirements: ${model.requirements.map((r) => `${r.package}@${r.version}`).join(', ')}`,
);
await ebnt.close();

// 3. As another process would: a fresh client, get the model, load it, predict.
const again = await Ebonite.local();
const loaded = await (
  await again.getModel('clusters', await again.getTask('examples', 'classification'))
).load();
const probe = tf.tensor2d([
  [0.2, -0.1],
  [2.8, 1.2],
  [0.9, 3.1],
]);
const bits = (t) => Buffer.from(t.dataSync().buffer).toString('base64');
const original = classifier.predict(probe);
const restored = await loaded.predict(probe);
console.log(`classes of the probe points: ${tf.argMax(restored, -1).arraySync()}`);
console.log(`bit-identical to the original: ${bits(restored) === bits(original)}`);

// 4. Resume training on both: the restored optimizer state gives the very same weights.
await classifier.fit(x, tf.cast(y, 'float32'), {
  epochs: 1,
  batchSize: 150,
  verbose: 0,
  shuffle: false,
});
await loaded.object.fit(x, tf.cast(y, 'float32'), {
  epochs: 1,
  batchSize: 150,
  verbose: 0,
  shuffle: false,
});
const same = loaded.object
  .getWeights()
  .every((w, i) => bits(w) === bits(classifier.getWeights()[i]));
console.log(`one more epoch on each, weights identical: ${same}`);

// 5. Inputs are checked against the recorded schema before they reach TF.js.
try {
  await loaded.predict(tf.zeros([1, 3]));
} catch (error) {
  if (!EboniteError.isInstance(error, 'E_MODEL_INPUT')) throw error;
  console.log(`refused: ${error.message}`);
}
await loaded.dispose();
await again.close();
