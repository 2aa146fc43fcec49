import {
  anyRankType,
  attr,
  bytes,
  DT,
  initializer,
  int,
  node,
  onnxModel,
  seqMapType,
  tensorType,
  valueInfo,
} from './onnx-writer.mjs';

/** Y = X·W + B with X float32 [batch, 3] and Y float32 [batch, 2]: a linear regression. */
export function linearModel(): Uint8Array {
  return onnxModel({
    nodes: [node('MatMul', ['X', 'W'], ['XW']), node('Add', ['XW', 'B'], ['Y'])],
    initializers: [
      initializer('W', 'float', [3, 2], new Float32Array([0.5, -1, 2, 0.25, -0.75, 1.5])),
      initializer('B', 'float', [2], new Float32Array([0.1, -0.2])),
    ],
    inputs: [valueInfo('X', tensorType('float', ['batch', 3]))],
    outputs: [valueInfo('Y', tensorType('float', ['batch', 2]))],
  });
}

/** S = A + B, both float32 [batch, 2]: two inputs sharing the symbolic dimension `batch`. */
export function twoInputModel(): Uint8Array {
  return onnxModel({
    nodes: [node('Add', ['A', 'B'], ['S'])],
    inputs: [
      valueInfo('A', tensorType('float', ['batch', 2])),
      valueInfo('B', tensorType('float', ['batch', 2])),
    ],
    outputs: [valueInfo('S', tensorType('float', ['batch', 2]))],
  });
}

/**
 * A classifier shaped like sklearn-onnx's output: `label` (int64 [N]) and `probabilities` through a
 * ZipMap (a sequence of maps, which onnxruntime-node cannot return), plus `logits` as a plain tensor.
 */
export function zipMapClassifier(): Uint8Array {
  return onnxModel({
    ml: true,
    nodes: [
      node('MatMul', ['X', 'W'], ['XW']),
      node('Add', ['XW', 'B'], ['logits']),
      node('Softmax', ['logits'], ['probabilities'], { attributes: [attr('axis', 1)] }),
      node('ArgMax', ['probabilities'], ['label'], {
        attributes: [attr('axis', 1), attr('keepdims', 0)],
      }),
      node('ZipMap', ['probabilities'], ['output_probability'], {
        domain: 'ai.onnx.ml',
        attributes: [attr('classlabels_int64s', [0, 1, 2])],
      }),
    ],
    initializers: [
      initializer('W', 'float', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6])),
      initializer('B', 'float', [3], new Float32Array([0.5, -1, 0])),
    ],
    inputs: [valueInfo('X', tensorType('float', ['N', 2]))],
    outputs: [
      valueInfo('label', tensorType('int64', ['N'])),
      valueInfo('output_probability', seqMapType('int64', 'float')),
      valueInfo('logits', tensorType('float', ['N', 3])),
    ],
  });
}

/** Y = relu(X·W + B) with W float32 [256, 128] (128 KiB, stored as external data) and X float32 [batch, 256]. */
export function wideModel(): Uint8Array {
  const W = Float32Array.from({ length: 256 * 128 }, (_, i) => Math.sin(i * 0.37) / 16);
  const B = Float32Array.from({ length: 128 }, (_, i) => Math.cos(i) / 8);
  return onnxModel({
    nodes: [
      node('MatMul', ['X', 'W'], ['XW']),
      node('Add', ['XW', 'B'], ['Z']),
      node('Relu', ['Z'], ['Y']),
    ],
    initializers: [initializer('W', 'float', [256, 128], W), initializer('B', 'float', [128], B)],
    inputs: [valueInfo('X', tensorType('float', ['batch', 256]))],
    outputs: [valueInfo('Y', tensorType('float', ['batch', 128]))],
  });
}

/** A graph whose one node is an operator onnxruntime does not know: valid protobuf, invalid model. */
export function unknownOperatorModel(): Uint8Array {
  return onnxModel({
    nodes: [node('NoSuchOperator', ['X'], ['Y'])],
    inputs: [valueInfo('X', tensorType('float', [1]))],
    outputs: [valueInfo('Y', tensorType('float', [1]))],
  });
}

/** Two layers, W1 [256, 65] (66,560 bytes) then W2 [65, 300] (78,000 bytes): two initializers stored as external data. */
export function twoLayerModel(): Uint8Array {
  const W1 = Float32Array.from({ length: 256 * 65 }, (_, i) => Math.sin(i * 0.11) / 8);
  const W2 = Float32Array.from({ length: 65 * 300 }, (_, i) => Math.cos(i * 0.07) / 8);
  return onnxModel({
    nodes: [
      node('MatMul', ['X', 'W1'], ['H']),
      node('Relu', ['H'], ['R']),
      node('MatMul', ['R', 'W2'], ['Y']),
    ],
    initializers: [
      initializer('W1', 'float', [256, 65], W1),
      initializer('W2', 'float', [65, 300], W2),
    ],
    inputs: [valueInfo('X', tensorType('float', ['batch', 256]))],
    outputs: [valueInfo('Y', tensorType('float', ['batch', 300]))],
  });
}

/** `linearModel` with W kept in an external file `location` at `offset` (ONNX external data), as exporters write big models. */
export function externalDataModel(
  location: string,
  offset: number,
): { graph: Uint8Array; data: Uint8Array } {
  const W = new Float32Array([0.5, -1, 2, 0.25, -0.75, 1.5]);
  const data = Buffer.concat([Buffer.alloc(offset, 0xee), Buffer.from(W.buffer)]);
  const entry = (key: string, value: string) => bytes(13, [bytes(1, key), bytes(2, value)]);
  const external = [
    int(1, 3),
    int(1, 2),
    int(2, DT.float),
    bytes(8, 'W'),
    entry('location', location),
    entry('offset', String(offset)),
    entry('length', '24'),
    int(14, 1),
  ];
  const graph = onnxModel({
    nodes: [node('MatMul', ['X', 'W'], ['Y'])],
    initializers: [external],
    inputs: [valueInfo('X', tensorType('float', ['batch', 3]))],
    outputs: [valueInfo('Y', tensorType('float', ['batch', 2]))],
  });
  return { graph, data };
}

/**
 * Y = relu(X) + B with X declared without a shape (any rank), as exporters write inputs of unknown rank,
 * and B a float32 scalar input: onnxruntime reports both with the shape []. With `weights`, a 64 KiB
 * initializer W (stored as external data) is summed into a second output, `total`.
 */
export function anyRankModel({ weights = false }: { weights?: boolean } = {}): Uint8Array {
  const W = Float32Array.from({ length: 128 * 128 }, (_, i) => (i % 9) / 4);
  return onnxModel({
    nodes: [
      node('Relu', ['X'], ['R']),
      node('Add', ['R', 'B'], ['Y']),
      ...(weights
        ? [node('ReduceSum', ['W'], ['total'], { attributes: [attr('keepdims', 0)] })]
        : []),
    ],
    initializers: weights ? [initializer('W', 'float', [128, 128], W)] : [],
    inputs: [valueInfo('X', anyRankType('float')), valueInfo('B', tensorType('float', []))],
    outputs: [
      valueInfo('Y', anyRankType('float')),
      ...(weights ? [valueInfo('total', tensorType('float', []))] : []),
    ],
  });
}

/**
 * Y = X + W0 + W1 + ... with `count` initializers of `length` float32 each: a graph of
 * count x length x 4 bytes whose initializers are all under 64 KiB, so all stay inside model.onnx.
 */
export function manyInitializersModel(count: number, length: number): Uint8Array {
  const nodes = [];
  const initializers = [];
  for (let i = 0; i < count; i++) {
    nodes.push(node('Add', [i ? `S${i - 1}` : 'X', `W${i}`], [i === count - 1 ? 'Y' : `S${i}`]));
    initializers.push(
      initializer(`W${i}`, 'float', [length], new Float32Array(length).fill(i / count)),
    );
  }
  return onnxModel({
    nodes,
    initializers,
    inputs: [valueInfo('X', tensorType('float', [length]))],
    outputs: [valueInfo('Y', tensorType('float', [length]))],
  });
}
