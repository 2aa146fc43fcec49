// The ONNX walkthrough: a linear regression fitted here on synthetic house prices, exported to ONNX,
// handed to ebonite with a sample of its input (`createModel`, as Ebonite's create_model), then got
// back through a fresh client, loaded into an onnxruntime-node session and run.
// Run it with `pnpm --filter @ebonite/example-onnx start`; the registry goes to ./.ebonite.
import { Ebonite, EboniteError } from '@ebonite/core';
import ort from 'onnxruntime-node';
import { exportLinearRegression } from './export-onnx.mjs';

// 1. Train: least squares on 200 houses (area in 100 m², rooms, age in decades) -> price in k€.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const houses = Array.from({ length: 200 }, () => [
  0.5 + random() * 2,
  1 + Math.floor(random() * 5),
  random() * 8,
]);
const prices = houses.map(
  ([area, rooms, age]) => 120 * area + 15 * rooms - 9 * age + 40 + (random() - 0.5) * 10,
);
const [weights, bias] = leastSquares(houses, prices);
console.log(
  `fitted: price = ${['area', 'rooms', 'age'].map((name, i) => `${weights[i].toFixed(1)}·${name}`).join(' + ')} + ${bias.toFixed(1)}`,
);

// 2. Export to ONNX (your exporter's job) and give ebonite the bytes, or the path of a .onnx file.
const onnx = exportLinearRegression(weights, bias);
const features = (rows) =>
  new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 3]);
const ebnt = await Ebonite.local({ clear: true });
const model = await ebnt.createModel(
  onnx,
  { features: features(houses.slice(0, 4)) },
  { name: 'house-prices', projectName: 'examples', taskName: 'regression' },
);
const describe = (values) =>
  values.map((v) => `${v.name} ${v.dtype} [${v.shape.join(', ')}]`).join(', ');
const { predict } = model.wrapper.methods;
console.log(
  `pushed "${model.name}" (wrapper ${model.wrapper.type} ${model.wrapper.version}): predict(${describe(predict.inputs)}) -> ${describe(predict.outputs)}`,
);
console.log(`files: ${model.artifacts.map((a) => `${a.name} (${a.size} B)`).join(', ')}`);
console.log('requirements:', model.requirements.map((r) => `${r.package}@${r.version}`).join(', '));
await ebnt.close();

// 3. As another process would: a fresh client, get the model, load it, predict.
const again = await Ebonite.local();
const found = await again.getModel('house-prices', await again.getTask('examples', 'regression'));
const loaded = await found.load();
const newHouses = [
  [1.2, 3, 1.5],
  [2.4, 5, 0.2],
];
const { price } = await loaded.predict({ features: features(newHouses) });
for (const [i, house] of newHouses.entries())
  console.log(`house ${JSON.stringify(house)} -> ${price.data[i].toFixed(1)} k€`);

// 4. Inputs are checked against the recorded schema before they reach onnxruntime.
try {
  await loaded.predict({ features: new ort.Tensor('float64', new Float64Array(3), [1, 3]) });
} catch (error) {
  if (!EboniteError.isInstance(error, 'E_MODEL_INPUT')) throw error;
  console.log(`refused: ${error.message}`);
}
await loaded.dispose();
await again.close();

/** Solves the normal equations (XᵀX) β = Xᵀy for y ≈ X·w + b by Gaussian elimination; returns [w, b]. */
function leastSquares(rows, y) {
  const X = rows.map((r) => [...r, 1]);
  const n = X[0].length;
  const A = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => X.reduce((s, r) => s + r[i] * r[j], 0)),
    X.reduce((s, r, k) => s + r[i] * y[k], 0),
  ]);
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const f = A[k][i] / A[i][i];
      for (let j = i; j <= n; j++) A[k][j] -= f * A[i][j];
    }
  }
  const beta = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--)
    beta[i] =
      (A[i][n] - A[i].slice(i + 1, n).reduce((s, a, j) => s + a * beta[i + 1 + j], 0)) / A[i][i];
  return [beta.slice(0, -1), beta.at(-1)];
}
