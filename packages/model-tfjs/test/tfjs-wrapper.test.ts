import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Ebonite, Model, registerPlugin } from '@ebonite/core';
import { EboniteError, type ModelInputError } from '@ebonite/core/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';
import { bits, features, tf, type tfl, trainedClassifier, twoInputModel } from './models.js';
import { cleanTemporary, localRegistry, tempDir } from './support.js';

const version = (path: string) =>
  (
    JSON.parse(readFileSync(resolve(import.meta.dirname, path, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
const tfjsVersion = version('../node_modules/@tensorflow/tfjs-core');

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
let classifier: tfl.Sequential;

beforeAll(async () => {
  unregister = registerPlugin(ebonitePlugin);
  client = await localRegistry(await tempDir('ebonite-tfjs-registry-'));
  classifier = await trainedClassifier();
});

afterAll(async () => {
  unregister();
  classifier.dispose();
  await client.close();
  await cleanTemporary();
});

describe('Model.create with a TF.js LayersModel', () => {
  it('records the wrapper, the predict schema with a symbolic batch, and exact requirements', async () => {
    const x = features();
    const model = await Model.create(classifier, x, { name: 'classifier' });
    const inputName = classifier.inputNames[0]!;
    expect(model.wrapper).toMatchObject({
      type: 'tfjs',
      version: version('..'),
      specificationVersion: 'v1',
      methods: {
        predict: {
          inputs: [{ name: inputName, kind: 'tensor', dtype: 'float32', shape: ['batch', 4] }],
          outputs: [
            {
              name: classifier.outputNames[0],
              kind: 'tensor',
              dtype: 'float32',
              shape: ['batch', 3],
            },
          ],
        },
      },
      data: {
        modelJson: 'model.json',
        weights: 'weights.bin',
        includeOptimizer: false,
        weightsBytes: (4 * 8 + 8 + 8 * 3 + 3) * 4,
      },
    });
    expect(model.requirements).toEqual([
      { package: '@ebonite/model-tfjs', version: version('..') },
      { package: '@tensorflow/tfjs-core', version: tfjsVersion },
      { package: '@tensorflow/tfjs-layers', version: tfjsVersion },
      { package: '@tensorflow/tfjs-backend-cpu', version: tfjsVersion },
    ]);
    const json = JSON.parse(Buffer.from(model.sources.get('model.json') as Uint8Array).toString());
    expect(json).toMatchObject({
      format: 'layers-model',
      weightsManifest: [{ paths: ['weights.bin'] }],
    });
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(
      classifier.weights.map((w) => w.originalName),
    );
    expect((model.sources.get('weights.bin') as Uint8Array).byteLength).toBe(67 * 4);
    // The user's model is theirs: still usable after create.
    expect(bits(classifier.predict(x) as tf.Tensor)).toHaveLength(
      bits(classifier.predict(x) as tf.Tensor).length,
    );
    tf.dispose(x);
  });

  it('checks the sample: dtype, width, unknown and missing inputs', async () => {
    const ints = tf.zeros([2, 4], 'int32');
    const wrong = await inputError(Model.create(classifier, ints, { name: 'm' }));
    expect([wrong.expected, wrong.actual]).toEqual([
      { dtype: 'float32', shape: ['batch', 4] },
      { dtype: 'int32', shape: [2, 4] },
    ]);
    const wide = await inputError(Model.create(classifier, tf.zeros([2, 5]), { name: 'm' }));
    expect(wide.message).toContain('dimension 1 is 5, not 4');
    const two = twoInputModel();
    const unknown = await inputError(
      Model.create(two, { left: tf.zeros([1, 2]), middle: tf.zeros([1, 3]) }, { name: 'm' }),
    );
    expect(unknown.inputName).toBe('middle');
    const batch = await inputError(
      Model.create(two, [tf.zeros([1, 2]), tf.zeros([2, 3])], { name: 'm' }),
    );
    expect(batch.message).toContain('"batch" is 1 elsewhere');
    const missing = await inputError(Model.create(two, { left: tf.zeros([1, 2]) }, { name: 'm' }));
    expect(missing.message).toBe(
      'predict() needs input "right" (float32 [batch, 3]), which is missing.',
    );
    two.dispose();
  });

  it('includeOptimizer needs a compiled model; an object that only looks like a model is not recognised', async () => {
    const two = twoInputModel();
    await expect(
      Model.create(two, undefined, { name: 'm', wrapperOptions: { includeOptimizer: true } }),
    ).rejects.toThrow('needs a compiled model');
    two.dispose();
    const error = await Model.create({ predict: () => 1 }, undefined, { name: 'm' }).catch(
      (e: unknown) => e,
    );
    expect(EboniteError.isInstance(error, 'E_UNRECOGNIZED_MODEL')).toBe(true);
    expect((error as { tried: string[] }).tried).toContain('tfjs');
  });
});

describe('load', () => {
  it('gives a model with identical weights and bit-identical predictions', async () => {
    const pushed = await client.createModel(classifier, undefined, {
      name: 'plain',
      projectName: 'tfjs',
    });
    const loaded = await (await client.getModel(
      'plain',
      (await client.getTask('tfjs', 'default_task'))!,
    ))!.load();
    expect(pushed.artifacts.map((a) => a.name)).toEqual(['model.json', 'weights.bin']);
    const model = loaded.object as tfl.LayersModel;
    expect(model.getWeights().map(bits)).toEqual(classifier.getWeights().map(bits));
    const x = features();
    expect(bits(await loaded.predict<tf.Tensor>(x))).toBe(bits(classifier.predict(x) as tf.Tensor));
    expect(bits(await loaded.predict<tf.Tensor>({ [classifier.inputNames[0]!]: x }))).toBe(
      bits(classifier.predict(x) as tf.Tensor),
    );
    await inputError(loaded.predict(tf.zeros([3, 2])));
    await loaded.dispose();
    expect(() => model.getWeights()).toThrow('already disposed');
    expect((classifier.predict(x) as tf.Tensor).shape).toEqual([16, 3]);
  });

  it('with includeOptimizer, training resumes exactly where it stopped', async () => {
    const model = await client.createModel(classifier, undefined, {
      name: 'resumable',
      projectName: 'tfjs',
      wrapperOptions: { includeOptimizer: true },
    });
    expect((model.wrapper as { data: { includeOptimizer: boolean } }).data.includeOptimizer).toBe(
      true,
    );
    const loaded = await (await client.getModel(
      'resumable',
      (await client.getTask('tfjs', 'default_task'))!,
    ))!.load();
    const restored = loaded.object as tfl.LayersModel;
    expect(restored.optimizer.getClassName()).toBe('Adam');
    const [x, y] = [
      features(),
      tf.cast(
        tf.oneHot(
          tf.tensor1d(
            Array.from({ length: 16 }, (_, i) => (i + 1) % 3),
            'int32',
          ),
          3,
        ),
        'float32',
      ),
    ];
    await classifier.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, shuffle: false });
    await restored.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, shuffle: false });
    expect(restored.getWeights().map(bits)).toEqual(classifier.getWeights().map(bits));
    await loaded.dispose();
  });
});
