import type { ByteSource } from './byte-source.js';
import { type Field, fields, text } from './proto-fields.js';

/** Field numbers of ValueInfoProto (name, type), TypeProto (tensor_type) and TypeProto.Tensor (shape). */
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensor: 1 } as const;
const TENSOR_TYPE = { shape: 2 } as const;

/** What a graph input's ValueInfoProto says: its name, and whether it is a tensor of unknown rank. */
export interface ValueInfo {
  name: string;
  /**
   * True for a tensor type without a `shape` field: any rank. onnxruntime reports such an input with
   * the shape `[]`, as it does a true scalar (a `shape` field with no dimension), so only the graph
   * itself tells the two apart.
   */
  unknownRank: boolean;
}

async function hasField(source: ByteSource, f: Field, number: number): Promise<boolean> {
  for await (const inner of fields(source, f.payload, f.end))
    if (inner.field === number && inner.wire === 2) return true;
  return false;
}

/** Reads a ValueInfoProto (a graph input or output) without reading anything but its name and type. */
export async function readValueInfo(source: ByteSource, f: Field): Promise<ValueInfo> {
  const info: ValueInfo = { name: '', unknownRank: false };
  for await (const v of fields(source, f.payload, f.end)) {
    if (v.field === VALUE_INFO.name && v.wire === 2) info.name = await text(source, v);
    if (v.field !== VALUE_INFO.type || v.wire !== 2) continue;
    for await (const t of fields(source, v.payload, v.end))
      if (t.field === TYPE.tensor && t.wire === 2)
        info.unknownRank = !(await hasField(source, t, TENSOR_TYPE.shape));
  }
  return info;
}
