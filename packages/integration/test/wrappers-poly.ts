import { InvalidInputError, type ModelArtifacts } from '@ebonite/core';
import type {
  ModelWrapper,
  TensorDescription,
  WrappedModel,
  WrapperRecord,
} from '@ebonite/core/plugin';

/** A real (small) model for the wrapper tests: a polynomial applied to every element of a vector. */
export class Polynomial {
  constructor(readonly coefficients: number[]) {}
  evaluate(x: Float64Array): Float64Array {
    return x.map((v) => this.coefficients.reduce((sum, c, i) => sum + c * v ** i, 0));
  }
}

/** The minimal tensor the polynomial wrapper takes. */
export interface Vector {
  dtype: 'float64';
  shape: number[];
  data: Float64Array;
}
export const vector = (values: number[]): Vector => ({
  dtype: 'float64',
  shape: [values.length],
  data: new Float64Array(values),
});

const isVector = (v: unknown): v is Vector =>
  typeof v === 'object' &&
  v !== null &&
  (v as Vector).data instanceof Float64Array &&
  Array.isArray((v as Vector).shape);

function wrapped(poly: Polynomial, owned: boolean, events: string[]): WrappedModel {
  return {
    object: poly,
    methods: {
      predict: {
        inputs: [{ name: 'x', kind: 'tensor', dtype: 'float64', shape: ['n'] }],
        outputs: [{ name: 'y', kind: 'tensor', dtype: 'float64', shape: ['n'] }],
      },
      degree: { inputs: [], outputs: [{ name: 'degree', kind: 'other', type: 'number' }] },
    },
    requirements: ['acme-poly', 'acme-runtime'],
    describeInput(method: string, input: unknown): TensorDescription[] {
      if (method === 'degree') return [];
      if (!isVector(input))
        throw new InvalidInputError('The polynomial takes { dtype, shape, data: Float64Array }.');
      return [{ name: 'x', dtype: input.dtype, shape: input.shape }];
    },
    async call(method: string, input: unknown) {
      if (method === 'degree') return poly.coefficients.length - 1;
      const x = (input as Vector).data;
      if (x.some(Number.isNaN)) throw new Error('NaN in input');
      return poly.evaluate(x);
    },
    async save() {
      return {
        artifacts: { 'coefficients.json': Buffer.from(JSON.stringify(poly.coefficients)) },
        data: { format: 1 },
      };
    },
    dispose() {
      events.push(owned ? 'dispose loaded' : 'dispose wrapped');
    },
  };
}

/** The wrapper, recording what it is asked in `events`. */
export function polynomialWrapper(events: string[] = []): ModelWrapper {
  return {
    specificationVersion: 'v1',
    type: 'poly',
    version: '1.2.3',
    recognizes: (object) => object instanceof Polynomial,
    async wrap(object) {
      events.push('wrap');
      if ((object as Polynomial).coefficients.length === 0) throw new Error('empty polynomial');
      return wrapped(object as Polynomial, false, events);
    },
    async load(files: ModelArtifacts, record: WrapperRecord) {
      events.push(`load format ${record.data.format}`);
      const { 'coefficients.json': bytes } = await files.bytesDict();
      return wrapped(new Polynomial(JSON.parse(Buffer.from(bytes!).toString())), true, events);
    },
    packageVersion: (name) => (name === 'acme-poly' ? '1.2.3' : undefined),
  };
}
