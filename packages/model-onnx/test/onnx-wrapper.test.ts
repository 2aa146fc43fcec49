import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Ebonite, type LoadedModel, Model, registerPlugin } from '@ebonite/core';
import { EboniteError, type ModelInputError } from '@ebonite/core/plugin';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxWrapper, onnxWrapper } from '../src/onnx-wrapper.js';
import { ebonitePlugin } from '../src/plugin.js';
import { NON_TENSOR_TYPE } from '../src/signatures.js';
import {
  anyRankModel,
  linearModel,
  twoInputModel,
  unknownOperatorModel,
  zipMapClassifier,
} from './models.js';
import { cleanTemporary, localRegistry, tempDir } from './support.js';

const ortVersion = (
  JSON.parse(
    readFileSync(
      resolve(import.meta.dirname, '../node_modules/onnxruntime-node/package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
const ownVersion = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
    version: string;
  }
).version;
const f32 = (data: number[], dims: number[]) =>
  new ort.Tensor('float32', new Float32Array(data), dims);
const X = f32([1, 2, 3, -1, 0.5, 4], [2, 3]);

async function direct(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, fetches?: string[]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return fetches ? await session.run(feeds, fetches) : await session.run(feeds);
  } finally {
    await session.release();
  }
}

async function inputError(promise: Promise<unknown>): Promise<ModelInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(EboniteError.isInstance(error, 'E_MODEL_INPUT'), String(error)).toBe(true);
  return error as ModelInputError;
}

let unregister: () => void;
let client: Ebonite;

beforeAll(async () => {
  unregister = registerPlugin(ebonitePlugin);
  client = await localRegistry(await tempDir('ebonite-onnx-registry-'));
});

afterAll(async () => {
  unregister();
  await client.close();
  await cleanTemporary();
});

describe('Model.create with an ONNX graph', () => {
  it('records the wrapper, the predict schema read from the session, and exact requirements', async () => {
    const bytes = linearModel();
    const model = await Model.create(
      bytes,
      { X },
      { name: 'linear', description: 'y = xW + b', params: { lr: 0.1 } },
    );
    expect(model.wrapper).toEqual({
      type: 'onnx',
      version: ownVersion,
      specificationVersion: 'v1',
      methods: {
        predict: {
          inputs: [{ name: 'X', kind: 'tensor', dtype: 'float32', shape: ['batch', 3] }],
          outputs: [{ name: 'Y', kind: 'tensor', dtype: 'float32', shape: ['batch', 2] }],
        },
      },
      data: { file: 'model.onnx', externalData: null, outputs: ['Y'] },
    });
    expect(model.requirements).toEqual([
      { package: '@ebonite/model-onnx', version: ownVersion },
      { package: 'onnxruntime-node', version: ortVersion },
    ]);
    expect([...model.sources.keys()]).toEqual(['model.onnx']);
    expect(model.sources.get('model.onnx')).toBe(bytes);
    expect([model.description, model.params]).toEqual(['y = xW + b', { lr: 0.1 }]);
  });

  it('takes the path of a .onnx file, which the push streams', async () => {
    const path = join(await tempDir('ebonite-onnx-file-'), 'linear.onnx');
    await writeFile(path, linearModel());
    const model = await Model.create(path, undefined, { name: 'from-path' });
    expect(model.sources.get('model.onnx')).toEqual({ path });
    expect(
      (await Model.create(new URL(`file://${path}`), { name: 'from-url' })).sources.get(
        'model.onnx',
      ),
    ).toEqual({ path });
  });

  it('checks the sample against the schema and names the input, the expected and the actual', async () => {
    const wrongDtype = await inputError(
      Model.create(
        linearModel(),
        { X: new ort.Tensor('int32', new Int32Array(6), [2, 3]) },
        { name: 'm' },
      ),
    );
    expect([wrongDtype.inputName, wrongDtype.expected, wrongDtype.actual]).toEqual([
      'X',
      { dtype: 'float32', shape: ['batch', 3] },
      { dtype: 'int32', shape: [2, 3] },
    ]);
    expect(wrongDtype.message).toContain('expected float32 [batch, 3], got int32 [2, 3]');
    const wrongWidth = await inputError(
      Model.create(linearModel(), f32([1, 2, 3, 4], [1, 4]), { name: 'm' }),
    );
    expect(wrongWidth.message).toContain('dimension 1 is 4, not 3');
  });

  it('an object no wrapper recognises fails with the wrappers tried', async () => {
    for (const object of [{ weights: [1, 2] }, new Uint8Array([1, 2, 3]), 'model.pt']) {
      const error = await Model.create(object, undefined, { name: 'm' }).catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_UNRECOGNIZED_MODEL')).toBe(true);
      expect((error as { tried: string[] }).tried).toContain('onnx');
    }
  });

  it('bytes that are not a valid graph fail as invalid input', async () => {
    const malformed = await Model.create(
      new Uint8Array([0x08, 0x07, 0x3a, 0x09, 0xff, 0xff]),
      undefined,
      { name: 'm' },
    ).catch((e: unknown) => e);
    expect(EboniteError.isInstance(malformed, 'E_INVALID_INPUT')).toBe(true);
    expect((malformed as Error).message).toContain('protobuf encoding is malformed');
    const unknownOp = await Model.create(unknownOperatorModel(), undefined, { name: 'm' }).catch(
      (e: unknown) => e,
    );
    expect(EboniteError.isInstance(unknownOp, 'E_INVALID_INPUT')).toBe(true);
    expect((unknownOp as Error).message).toMatch(/onnxruntime-node cannot load .*NoSuchOperator/);
  });
});

describe('load and predict', () => {
  let loaded: LoadedModel;

  beforeAll(async () => {
    await client.createModel(linearModel(), X, { name: 'linear', projectName: 'p', taskName: 't' });
    await client.createModel(twoInputModel(), {
      name: 'two-inputs',
      projectName: 'p',
      taskName: 't',
    });
    const model = await client.getModel('linear', (await client.getTask('p', 't'))!);
    loaded = await model!.load();
  });

  afterAll(() => loaded.dispose());

  it('gives the same outputs as a session on the original graph', async () => {
    const outputs = await loaded.predict<Record<string, ort.Tensor>>({ X });
    const expected = await direct(linearModel(), { X });
    expect(outputs.Y!.dims).toEqual([2, 2]);
    expect(outputs.Y!.data).toEqual(expected.Y!.data);
    expect((await loaded.predict<Record<string, ort.Tensor>>(X)).Y!.data).toEqual(expected.Y!.data);
    expect(loaded.object).toBeInstanceOf(Object);
    expect(loaded.methods.predict!.inputs[0]).toEqual({
      name: 'X',
      kind: 'tensor',
      dtype: 'float32',
      shape: ['batch', 3],
    });
  });

  it('checks every input before it reaches the runtime', async () => {
    const dtype = await inputError(
      loaded.predict({ X: new ort.Tensor('float64', new Float64Array(6), [2, 3]) }),
    );
    expect([dtype.inputName, dtype.expected?.dtype, dtype.actual?.dtype]).toEqual([
      'X',
      'float32',
      'float64',
    ]);
    const rank = await inputError(loaded.predict({ X: f32([1, 2, 3], [3]) }));
    expect(rank.message).toContain('rank 1 instead of 2');
    const extra = await inputError(loaded.predict({ X, Z: X }));
    expect([extra.inputName, extra.message]).toEqual([
      'Z',
      'predict() has no input "Z"; its inputs are "X".',
    ]);
    await expect(loaded.predict([1, 2, 3])).rejects.toSatisfy((e) =>
      EboniteError.isInstance(e, 'E_INVALID_INPUT'),
    );
    await expect(loaded.call('predict_proba', { X })).rejects.toThrow(
      'has no method "predict_proba"; it has predict',
    );
  });

  it('binds a symbolic dimension across inputs, and names a missing input', async () => {
    const two = await (await client.getModel(
      'two-inputs',
      (await client.getTask('p', 't'))!,
    ))!.load();
    try {
      const sum = await two.predict<Record<string, ort.Tensor>>({
        A: f32([1, 2], [1, 2]),
        B: f32([3, 4], [1, 2]),
      });
      expect([...sum.S!.data]).toEqual([4, 6]);
      const conflict = await inputError(
        two.predict({ A: f32([1, 2], [1, 2]), B: f32([1, 2, 3, 4], [2, 2]) }),
      );
      expect([conflict.inputName, conflict.message]).toEqual([
        'B',
        expect.stringContaining('("batch") is 2, but "batch" is 1 elsewhere'),
      ]);
      const missing = await inputError(two.predict({ A: f32([1, 2], [1, 2]) }));
      expect([missing.inputName, missing.message]).toEqual([
        'B',
        'predict() needs input "B" (float32 [batch, 2]), which is missing.',
      ]);
    } finally {
      await two.dispose();
    }
    await expect(two.predict({})).rejects.toThrow('was disposed');
  });

  it('a model made from plain files has nothing to load', async () => {
    const task = await client.getOrCreateTask('p', 'files');
    const model = await client.pushModel(
      Model.create({ name: 'raw', artifacts: { 'model.onnx': linearModel() } }),
      task,
    );
    await expect(model.load()).rejects.toThrow('made from files, not by a model wrapper');
    await expect(
      (await Model.create(linearModel(), { name: 'unpushed' })).load(),
    ).rejects.toSatisfy((e) => EboniteError.isInstance(e, 'E_INVALID_INPUT'));
  });
});

describe('non-tensor outputs (sklearn-onnx ZipMap)', () => {
  it('records them as non-tensor, and predict returns the tensor outputs', async () => {
    const bytes = zipMapClassifier();
    const model = await client.createModel(
      bytes,
      { X: f32([1, 1, 2, 0], [2, 2]) },
      { name: 'classifier', wrapper: onnxWrapper, projectName: 'p', taskName: 'zipmap' },
    );
    const outputs = (model.wrapper as any).methods.predict.outputs;
    expect(outputs).toEqual([
      { name: 'label', kind: 'tensor', dtype: 'int64', shape: ['N'] },
      { name: 'output_probability', kind: 'other', type: NON_TENSOR_TYPE },
      { name: 'logits', kind: 'tensor', dtype: 'float32', shape: ['N', 3] },
    ]);
    const loaded = await model.load({ wrapper: new OnnxWrapper() });
    const X2 = f32([1, 1, 2, 0], [2, 2]);
    const result = await loaded.predict<Record<string, ort.Tensor>>({ X: X2 });
    const expected = await direct(bytes, { X: X2 }, ['label', 'logits']);
    expect(Object.keys(result).sort()).toEqual(['label', 'logits']);
    expect(result.label!.data).toEqual(expected.label!.data);
    expect(result.label!.data).toBeInstanceOf(BigInt64Array);
    expect(result.logits!.data).toEqual(expected.logits!.data);
    await loaded.dispose();
  });
});

describe('inputs of unknown rank (declared without a shape)', () => {
  const B = f32([0.5], []);
  const sample = { X: f32([1, -2, 3, -4, 5, -6], [2, 3]), B };

  it('are recorded with shape null, told apart from a true scalar (both [] in onnxruntime)', async () => {
    const model = await Model.create(anyRankModel(), sample, { name: 'any-rank' });
    expect((model.wrapper as any).methods.predict.inputs).toEqual([
      { name: 'X', kind: 'tensor', dtype: 'float32', shape: null },
      { name: 'B', kind: 'tensor', dtype: 'float32', shape: [] },
    ]);
  });

  it('accept any rank once loaded and run as onnxruntime does; dtype and true scalars still checked', async () => {
    const model = await client.createModel(anyRankModel(), sample, {
      name: 'any-rank',
      projectName: 'p',
      taskName: 'any-rank',
    });
    const loaded = await model.load();
    try {
      expect(loaded.methods.predict!.inputs[0]).toMatchObject({ name: 'X', shape: null });
      for (const X2 of [f32([1, -2, 3, -4, 5, -6], [2, 3]), f32([-1, 2, -3, 4], [4])]) {
        const out = await loaded.predict<Record<string, ort.Tensor>>({ X: X2, B });
        const expected = await direct(anyRankModel(), { X: X2, B });
        expect(out.Y!.dims).toEqual(X2.dims);
        expect(out.Y!.data).toEqual(expected.Y!.data);
      }
      const dtype = await inputError(
        loaded.predict({ X: new ort.Tensor('int32', new Int32Array(4), [4]), B }),
      );
      expect(dtype.message).toContain('expected float32 (any shape), got int32 [4]');
      const scalar = await inputError(loaded.predict({ X: sample.X, B: sample.X }));
      expect([scalar.inputName, scalar.message]).toEqual([
        'B',
        expect.stringContaining('expected float32 [], got float32 [2, 3]'),
      ]);
    } finally {
      await loaded.dispose();
    }
  });
});
