// A minimal protobuf writer for ONNX test graphs (ModelProto): varints, length-delimited fields and
// raw_data initializers. Enough for small MatMul/Add/ZipMap graphs; not a general ONNX builder.

const varint = (n) => {
  const out = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return Buffer.from(out);
};
const key = (field, wire) => varint((field << 3) | wire);
/** A varint field. */
export const int = (field, value) => Buffer.concat([key(field, 0), varint(value)]);
/** A length-delimited field: bytes, a string or a nested message (an array of fields). */
export const bytes = (field, value) => {
  const body = Array.isArray(value)
    ? Buffer.concat(value)
    : typeof value === 'string'
      ? Buffer.from(value)
      : value;
  return Buffer.concat([key(field, 2), varint(body.length), body]);
};

/** ONNX TensorProto.DataType codes. */
export const DT = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  double: 11,
};

/** A tensor type; dims are numbers (fixed) or strings (symbolic). */
export const tensorType = (dtype, dims) => [
  bytes(1, [
    int(1, DT[dtype]),
    bytes(
      2,
      dims.map((d) => bytes(1, [typeof d === 'number' ? int(1, d) : bytes(2, d)])),
    ),
  ]),
];
/** A tensor type without a `shape` field: any rank (an empty `dims` in tensorType is a scalar). */
export const anyRankType = (dtype) => [bytes(1, [int(1, DT[dtype])])];
/** A sequence of maps from `keyDtype` to `valueDtype` scalars (sklearn-onnx's ZipMap output). */
export const seqMapType = (keyDtype, valueDtype) => [
  bytes(4, [bytes(1, [bytes(5, [int(1, DT[keyDtype]), bytes(2, tensorType(valueDtype, []))])])]),
];
/** A ValueInfoProto. */
export const valueInfo = (name, type) => [bytes(1, name), bytes(2, type)];
/** An attribute: ints (a number array) or an int. */
export const attr = (name, value) =>
  Array.isArray(value)
    ? [bytes(1, name), int(20, 7), ...value.map((v) => int(8, v))]
    : [bytes(1, name), int(20, 2), int(3, value)];
/** A NodeProto. */
export const node = (op, inputs, outputs, { domain, attributes = [] } = {}) => [
  ...inputs.map((i) => bytes(1, i)),
  ...outputs.map((o) => bytes(2, o)),
  bytes(4, op),
  ...attributes.map((a) => bytes(5, a)),
  ...(domain ? [bytes(7, domain)] : []),
];
/** A TensorProto initializer holding `data` (a typed array) as raw little-endian bytes. */
export const initializer = (name, dtype, dims, data) => [
  ...dims.map((d) => int(1, d)),
  int(2, DT[dtype]),
  bytes(8, name),
  bytes(9, Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
];

/** Encodes a ModelProto (IR version 8, opset 17, plus ai.onnx.ml 3 when asked). */
export function onnxModel({ nodes, initializers = [], inputs, outputs, ml = false }) {
  const graph = [
    ...nodes.map((n) => bytes(1, n)),
    bytes(2, 'ebonite-test'),
    ...initializers.map((t) => bytes(5, t)),
    ...inputs.map((v) => bytes(11, v)),
    ...outputs.map((v) => bytes(12, v)),
  ];
  const opsets = [
    bytes(8, [bytes(1, ''), int(2, 17)]),
    ...(ml ? [bytes(8, [bytes(1, 'ai.onnx.ml'), int(2, 3)])] : []),
  ];
  return new Uint8Array(
    Buffer.concat([int(1, 8), bytes(2, 'ebonite-tests'), bytes(7, graph), ...opsets]),
  );
}
