export type Field = Buffer;
export type Message = Field[];
export declare const DT: Record<
  'float' | 'uint8' | 'int8' | 'int32' | 'int64' | 'string' | 'bool' | 'double',
  number
>;
export declare function int(field: number, value: number | bigint): Field;
export declare function bytes(field: number, value: Message | string | Uint8Array): Field;
export declare function tensorType(dtype: keyof typeof DT, dims: (number | string)[]): Message;
export declare function anyRankType(dtype: keyof typeof DT): Message;
export declare function seqMapType(keyDtype: keyof typeof DT, valueDtype: keyof typeof DT): Message;
export declare function valueInfo(name: string, type: Message): Message;
export declare function attr(name: string, value: number | number[]): Message;
export declare function node(
  op: string,
  inputs: string[],
  outputs: string[],
  options?: { domain?: string; attributes?: Message[] },
): Message;
export declare function initializer(
  name: string,
  dtype: keyof typeof DT,
  dims: number[],
  data: ArrayBufferView,
): Message;
export declare function onnxModel(graph: {
  nodes: Message[];
  initializers?: Message[];
  inputs: Message[];
  outputs: Message[];
  ml?: boolean;
}): Uint8Array;
