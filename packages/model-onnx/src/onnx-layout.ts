import { isAbsolute, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidInputError } from '@ebonite/core/plugin';
import { type ByteSource, fileChunks } from './byte-source.js';
import { bytesField, type Field, fields, text, varintField } from './proto-fields.js';
import { readValueInfo } from './value-info.js';

/** The stored graph, and the file holding its large initializers (ONNX external data, next to it). */
export const MODEL_FILE = 'model.onnx';
export const DATA_FILE = 'model.onnx.data';
/** Initializers with at least this many raw bytes move to {@link DATA_FILE}; smaller ones stay in the graph. */
export const EXTERNAL_THRESHOLD = 64 * 1024;
/** Offsets in {@link DATA_FILE} are page-aligned, so onnxruntime can map the weights instead of copying them. */
export const ALIGNMENT = 4096;

/** Where the bytes of one moved initializer come from (`file`, or the source in memory) and go to. */
interface WeightRange {
  file: string | undefined;
  start: number;
  end: number;
  offset: number;
}

/** What {@link planLayout} finds in a graph. */
export interface OnnxLayout {
  /** The graph with its large initializers pointing into {@link DATA_FILE}; undefined when none is large (store the graph as given). */
  graph: Uint8Array | undefined;
  /** The initializers to copy into {@link DATA_FILE}, and its size. */
  weights: WeightRange[];
  weightsSize: number;
  /** The graph with its top-level initializers turned into inputs: a session on it reports the signature without reading any weight. */
  skeleton: Uint8Array;
  /** The names of those initializers, to leave out of the skeleton's inputs. */
  initializers: Set<string>;
  /** The graph inputs declared as tensors without a shape (any rank), which onnxruntime reports as `[]`. */
  unknownRank: Set<string>;
}

interface TensorInfo {
  name: string;
  dims: bigint[];
  dataType: number;
  raw?: Field;
  external: Map<string, string>;
  /** Every field but raw_data, external_data and data_location. */
  rest: Uint8Array[];
}

const TENSOR = { dims: 1, dataType: 2, name: 8, raw: 9, external: 13, location: 14 } as const;
const GRAPH = { initializer: 5, input: 11 } as const;

async function readTensor(source: ByteSource, f: Field): Promise<TensorInfo> {
  const info: TensorInfo = { name: '', dims: [], dataType: 0, external: new Map(), rest: [] };
  for await (const t of fields(source, f.payload, f.end)) {
    if (t.field === TENSOR.raw) info.raw = t;
    else if (t.field === TENSOR.location) continue;
    else if (t.field === TENSOR.external) {
      let key = '';
      let value = '';
      for await (const e of fields(source, t.payload, t.end)) {
        if (e.field === 1) key = await text(source, e);
        if (e.field === 2) value = await text(source, e);
      }
      info.external.set(key, value);
    } else {
      if (t.field === TENSOR.name) info.name = await text(source, t);
      if (t.field === TENSOR.dataType) info.dataType = Number(t.value);
      if (t.field === TENSOR.dims && t.wire === 0) info.dims.push(t.value);
      if (t.field === TENSOR.dims && t.wire === 2)
        for await (const d of packedVarints(source, t)) info.dims.push(d);
      info.rest.push(await source.read(t.start, t.end));
    }
  }
  return info;
}

async function* packedVarints(source: ByteSource, f: Field): AsyncGenerator<bigint> {
  const bytes = await source.read(f.payload, f.end);
  let value = 0n;
  let shift = 0n;
  for (const byte of bytes) {
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if (byte < 0x80) {
      yield value;
      value = 0n;
      shift = 0n;
    }
  }
}

/** A ValueInfoProto for an initializer turned into an input: its element type and fixed shape. */
const inputFor = (t: TensorInfo) =>
  bytesField(GRAPH.input, [
    bytesField(1, t.name),
    bytesField(2, [
      bytesField(1, [
        varintField(1, t.dataType),
        bytesField(
          2,
          t.dims.map((d) => bytesField(1, [varintField(1, d)])),
        ),
      ]),
    ]),
  ]);

/** Where an initializer's bytes come from: its raw_data in the source, or the external file it already uses. */
function rangeOf(
  t: TensorInfo,
  sourceFile: string | undefined,
  baseDir: string | undefined,
): Omit<WeightRange, 'offset'> | undefined {
  if (t.external.size === 0)
    return t.raw && t.raw.end - t.raw.payload >= EXTERNAL_THRESHOLD
      ? { file: sourceFile, start: t.raw.payload, end: t.raw.end }
      : undefined;
  const location = t.external.get('location') ?? '';
  if (baseDir === undefined)
    throw new InvalidInputError(
      `Initializer "${t.name}" keeps its data in the external file "${location}": pass the model's path instead of its bytes.`,
    );
  const file = join(baseDir, location);
  if (isAbsolute(location) || relative(baseDir, file).startsWith('..'))
    throw new InvalidInputError(
      `Initializer "${t.name}" points outside the model's folder (${location}): keep external data next to the model.`,
    );
  const start = Number(t.external.get('offset') ?? 0);
  const length = t.external.has('length') ? Number(t.external.get('length')) : Number.NaN;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length))
    throw new InvalidInputError(
      `Initializer "${t.name}" has external data without a usable offset and length.`,
    );
  return { file, start, end: start + length };
}

/**
 * Reads the structure of an ONNX ModelProto (never its weights): plans how to store it, with initializers
 * of {@link EXTERNAL_THRESHOLD} bytes or more moved into {@link DATA_FILE} at page-aligned offsets, and
 * makes the skeleton graph whose session gives the signature. `sourceFile` is the path of a file source
 * (undefined for bytes); external data the model already uses is read from `baseDir`.
 */
export async function planLayout(
  source: ByteSource,
  sourceFile?: string,
  baseDir?: string,
): Promise<OnnxLayout> {
  const model: Uint8Array[] = [];
  const skeleton: Uint8Array[] = [];
  const weights: WeightRange[] = [];
  const initializers = new Set<string>();
  const unknownRank = new Set<string>();
  let weightsSize = 0;
  let graphs = 0;
  for await (const m of fields(source, 0, source.size)) {
    if (m.field !== 7 || m.wire !== 2) {
      const raw = await source.read(m.start, m.end);
      model.push(raw);
      skeleton.push(raw);
      continue;
    }
    graphs++;
    const graph: Uint8Array[] = [];
    const bare: Uint8Array[] = [];
    const inputs = new Set<string>();
    const tensors: TensorInfo[] = [];
    for await (const g of fields(source, m.payload, m.end)) {
      if (g.field === GRAPH.initializer && g.wire === 2) {
        const t = await readTensor(source, g);
        initializers.add(t.name);
        tensors.push(t);
        const range = rangeOf(t, sourceFile, baseDir);
        if (!range) {
          graph.push(await source.read(g.start, g.end));
          continue;
        }
        const offset = Math.ceil(weightsSize / ALIGNMENT) * ALIGNMENT;
        weights.push({ ...range, offset });
        weightsSize = offset + (range.end - range.start);
        const entry = (key: string, value: string) =>
          bytesField(TENSOR.external, [bytesField(1, key), bytesField(2, value)]);
        graph.push(
          bytesField(GRAPH.initializer, [
            ...t.rest,
            entry('location', DATA_FILE),
            entry('offset', String(offset)),
            entry('length', String(range.end - range.start)),
            varintField(TENSOR.location, 1),
          ]),
        );
        continue;
      }
      if (g.field === GRAPH.input && g.wire === 2) {
        const input = await readValueInfo(source, g);
        inputs.add(input.name);
        if (input.unknownRank) unknownRank.add(input.name);
      }
      const raw = await source.read(g.start, g.end);
      graph.push(raw);
      bare.push(raw);
    }
    for (const t of tensors) if (!inputs.has(t.name)) bare.push(inputFor(t));
    model.push(bytesField(7, graph));
    skeleton.push(bytesField(7, bare));
  }
  if (graphs !== 1)
    throw new InvalidInputError(
      'This is not a valid ONNX model (no graph in it): check the file or bytes given.',
    );
  return {
    graph: weights.length ? Buffer.concat(model) : undefined,
    weights,
    weightsSize,
    skeleton: Buffer.concat(skeleton),
    initializers,
    unknownRank,
  };
}

/** The bytes of {@link DATA_FILE}, streamed from the source and external files, zero-padded to each offset. */
export function weightsStream(source: ByteSource, layout: OnnxLayout): Readable {
  async function* generate() {
    let written = 0;
    for (const range of layout.weights) {
      if (range.offset > written) yield Buffer.alloc(range.offset - written);
      let length = 0;
      for await (const chunk of range.file === undefined
        ? source.chunks(range.start, range.end)
        : fileChunks(range.file, range.start, range.end)) {
        length += chunk.byteLength;
        yield chunk;
      }
      if (length !== range.end - range.start)
        throw new InvalidInputError(
          `An initializer's data ends early (${length} of ${range.end - range.start} bytes): is the model file complete?`,
        );
      written = range.offset + length;
    }
  }
  return Readable.from(generate(), { objectMode: false });
}
