import { fileURLToPath } from 'node:url';

/** An ONNX graph as the wrapper accepts it: its bytes, or the path (or `file:` URL) of a `.onnx` file. */
export type OnnxSource = Uint8Array | string | URL | { path: string };

/** A serialized ModelProto starts with field 1 (ir_version, a varint): key byte 0x08. */
const MODEL_PROTO_FIRST_BYTE = 0x08;

/** The path of a path-like source, or undefined for bytes and anything else. */
export function sourcePath(object: unknown): string | undefined {
  if (typeof object === 'string') return object;
  if (object instanceof URL) return object.protocol === 'file:' ? fileURLToPath(object) : undefined;
  if (typeof object === 'object' && object !== null && !(object instanceof Uint8Array)) {
    const path = (object as { path?: unknown }).path;
    if (typeof path === 'string' && Object.keys(object).length === 1) return path;
  }
  return undefined;
}

/** True for the bytes of an ONNX model, or the path of a file named `*.onnx`. Reads nothing from disk. */
export function isOnnxSource(object: unknown): object is OnnxSource {
  if (object instanceof Uint8Array)
    return object.byteLength > 1 && object[0] === MODEL_PROTO_FIRST_BYTE;
  return sourcePath(object)?.toLowerCase().endsWith('.onnx') ?? false;
}
