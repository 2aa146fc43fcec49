import { ModelInputError } from '../errors/wrapper-errors.js';

/** One dimension of a shape: a fixed size, a symbolic name (`'batch'`, equal sizes wherever it appears in one call), or null (any size). */
export type Dimension = number | string | null;

/**
 * One input or output of a method. A tensor has a dtype in its runtime's naming (`float32`, `int64`,
 * ...) and a shape, or a null shape when even its rank is unknown. Anything else (an ONNX sequence of
 * maps, say) has `kind: 'other'` and a `type` that describes it; it is recorded, never checked.
 */
export type ValueSchema =
  | { name: string; kind: 'tensor'; dtype: string; shape: Dimension[] | null }
  | { name: string; kind: 'other'; type: string };

/** What a method takes and returns. */
export interface MethodSignature {
  inputs: ValueSchema[];
  outputs: ValueSchema[];
}

/** One tensor of an actual input, as a wrapper describes it. */
export interface TensorDescription {
  name: string;
  dtype: string;
  shape: readonly number[];
}

const formatShape = (shape: readonly Dimension[] | null): string =>
  shape ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : '(any shape)';

/**
 * Checks an input, described by the wrapper, against a method's schema: every tensor input present and
 * no other, dtypes equal, ranks and fixed sizes equal, and a symbolic dimension of the same size
 * everywhere it appears. Throws {@link ModelInputError} naming the input, the expected and the actual.
 */
export function checkInput(
  method: string,
  signature: MethodSignature,
  actual: readonly TensorDescription[],
): void {
  const expected = signature.inputs.filter((s) => s.kind === 'tensor');
  const byName = new Map(actual.map((t) => [t.name, t]));
  for (const t of actual) {
    if (!expected.some((s) => s.name === t.name))
      throw new ModelInputError(
        method,
        t.name,
        `${method}() has no input "${t.name}"; its inputs are ${expected.map((s) => `"${s.name}"`).join(', ')}.`,
      );
  }
  const bound = new Map<string, number>();
  for (const schema of expected) {
    const given = byName.get(schema.name);
    const want = `${schema.dtype} ${formatShape(schema.shape)}`;
    if (!given)
      throw new ModelInputError(
        method,
        schema.name,
        `${method}() needs input "${schema.name}" (${want}), which is missing.`,
      );
    const got = `${given.dtype} ${formatShape(given.shape)}`;
    const fail = (why: string) =>
      new ModelInputError(
        method,
        schema.name,
        `Input "${schema.name}" of ${method}(): expected ${want}, got ${got} (${why}).`,
        { dtype: schema.dtype, shape: schema.shape },
        { dtype: given.dtype, shape: [...given.shape] },
      );
    if (given.dtype !== schema.dtype) throw fail('dtype differs');
    if (!schema.shape) continue;
    if (given.shape.length !== schema.shape.length)
      throw fail(`rank ${given.shape.length} instead of ${schema.shape.length}`);
    schema.shape.forEach((dim, i) => {
      const size = given.shape[i]!;
      if (typeof dim === 'number' && dim >= 0 && size !== dim)
        throw fail(`dimension ${i} is ${size}, not ${dim}`);
      if (typeof dim === 'string' && dim !== '') {
        const seen = bound.get(dim);
        if (seen !== undefined && seen !== size)
          throw fail(
            `dimension ${i} ("${dim}") is ${size}, but "${dim}" is ${seen} elsewhere in this input`,
          );
        bound.set(dim, size);
      }
    });
  }
}
