import { InvalidInputError } from '@ebonite/core/plugin';
import type { ByteSource } from './byte-source.js';

/** One field of a protobuf message: its number, wire type, where it starts and ends, and its value. */
export interface Field {
  field: number;
  wire: number;
  /** Where the key starts and the field ends, in the source. */
  start: number;
  end: number;
  /** Length-delimited fields: where the payload starts. */
  payload: number;
  /** Varint fields: the value. */
  value: bigint;
}

const malformed = () =>
  new InvalidInputError(
    'This is not a valid ONNX model (its protobuf encoding is malformed): check the file or bytes given.',
  );

async function varint(source: ByteSource, at: number, limit: number): Promise<[bigint, number]> {
  const bytes = await source.read(at, Math.min(limit, at + 10));
  let value = 0n;
  for (let i = 0; i < bytes.length; i++) {
    value |= BigInt(bytes[i]! & 0x7f) << BigInt(7 * i);
    if (bytes[i]! < 0x80) return [value, at + i + 1];
  }
  throw malformed();
}

/** The fields of the message in [start, end), in order, without reading length-delimited payloads. */
export async function* fields(
  source: ByteSource,
  start: number,
  end: number,
): AsyncGenerator<Field> {
  let at = start;
  while (at < end) {
    const [key, afterKey] = await varint(source, at, end);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value = 0n;
    let payload = afterKey;
    let next: number;
    if (wire === 0) [value, next] = await varint(source, afterKey, end);
    else if (wire === 1) next = afterKey + 8;
    else if (wire === 5) next = afterKey + 4;
    else if (wire === 2) {
      const [length, afterLength] = await varint(source, afterKey, end);
      payload = afterLength;
      next = afterLength + Number(length);
    } else throw malformed();
    if (next > end || field === 0) throw malformed();
    yield { field, wire, start: at, end: next, payload, value };
    at = next;
  }
}

/** The text of a length-delimited field. */
export async function text(source: ByteSource, f: Field): Promise<string> {
  return Buffer.from(await source.read(f.payload, f.end)).toString('utf8');
}

// ---- writing ----
function encodeVarint(n: number | bigint): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}
export const varintField = (field: number, value: number | bigint) =>
  Buffer.concat([encodeVarint(field << 3), encodeVarint(value)]);
export const bytesField = (field: number, body: Uint8Array | string | Uint8Array[]) => {
  const payload = Array.isArray(body)
    ? Buffer.concat(body)
    : typeof body === 'string'
      ? Buffer.from(body)
      : body;
  return Buffer.concat([encodeVarint((field << 3) | 2), encodeVarint(payload.byteLength), payload]);
};
