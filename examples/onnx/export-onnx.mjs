// Stands in for your exporter (torch.onnx.export, skl2onnx, tf2onnx): writes a linear regression
// `price = features · weights + bias` as an ONNX ModelProto, with a protobuf encoder of a few lines.
const varint = (n) => {
  const out = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  return Buffer.from([...out, n]);
};
const int = (field, n) => Buffer.concat([varint(field << 3), varint(n)]);
const len = (field, body) => {
  const bytes = Array.isArray(body) ? Buffer.concat(body) : Buffer.from(body);
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
};
const FLOAT = 1;
const tensorType = (dims) =>
  len(2, [
    len(1, [
      int(1, FLOAT),
      len(
        2,
        dims.map((d) => len(1, [typeof d === 'number' ? int(1, d) : len(2, d)])),
      ),
    ]),
  ]);
const initializer = (name, dims, values) =>
  len(5, [
    ...dims.map((d) => int(1, d)),
    int(2, FLOAT),
    len(8, name),
    len(9, Buffer.from(new Float32Array(values).buffer)),
  ]);

/** The ONNX bytes of a linear regression with `weights.length` features. */
export function exportLinearRegression(weights, bias) {
  const graph = [
    len(1, [len(1, 'features'), len(1, 'weights'), len(2, 'product'), len(4, 'MatMul')]),
    len(1, [len(1, 'product'), len(1, 'bias'), len(2, 'price'), len(4, 'Add')]),
    len(2, 'house-prices'),
    initializer('weights', [weights.length, 1], weights),
    initializer('bias', [1], [bias]),
    len(11, [len(1, 'features'), tensorType(['batch', weights.length])]),
    len(12, [len(1, 'price'), tensorType(['batch', 1])]),
  ];
  return new Uint8Array(
    Buffer.concat([
      int(1, 8),
      len(2, 'ebonite-example'),
      len(7, graph),
      len(8, [len(1, ''), int(2, 17)]),
    ]),
  );
}
