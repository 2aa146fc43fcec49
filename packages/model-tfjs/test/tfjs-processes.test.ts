import { join } from 'node:path';
import { type Ebonite, registerPlugin } from '@ebonite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';
import { bits, features, type tf, type tfl, trainedClassifier } from './models.js';
import {
  cleanTemporary,
  localRegistry,
  runScript,
  sqlS3Registry,
  startS3,
  tempDir,
  userProject,
} from './support.js';

// Children run in a temporary user project on the BUILT packages and find the `tfjs` wrapper through
// the core's built-in map; nothing registers it there.

const inputValues = Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.7) * 2);

/** Child: get the model, load it, predict the same features, print the output's raw bytes and the weights'. */
const loadAndPredict = (config: string, name: string) => `
  import * as tf from '@tensorflow/tfjs-core';
  import { Ebonite } from '@ebonite/core';
  tf.env().set('IS_TEST', true);
  const client = await Ebonite.fromConfigFile(${JSON.stringify(config)});
  const model = await client.getModel(${JSON.stringify(name)}, await client.getTask('default_project', 'default_task'));
  const loaded = await model.load();
  const out = await loaded.predict(tf.tensor2d(${JSON.stringify(inputValues)}, [16, 4]));
  const bits = (t) => Buffer.from(t.dataSync().buffer).toString('base64');
  console.log(JSON.stringify({ backend: tf.getBackend(), output: bits(out), weights: loaded.object.getWeights().map(bits) }));
  await loaded.dispose();
  await client.close();
`;

let project: string;
let s3: { endpoint: string; stop(): Promise<void> };
let classifier: tfl.Sequential;
let unregister: () => void;

beforeAll(async () => {
  [project, s3, classifier] = await Promise.all([userProject(), startS3(), trainedClassifier()]);
  unregister = registerPlugin(ebonitePlugin);
});

afterAll(async () => {
  unregister();
  classifier.dispose();
  await s3.stop();
  await cleanTemporary();
});

async function pushTo(client: Ebonite, config: string): Promise<void> {
  try {
    await client.createModel(classifier, features(), { name: 'classifier' });
    await client.saveClientConfig(config);
  } finally {
    await client.close();
  }
}

const expected = () => {
  const x = features();
  return {
    backend: 'cpu',
    output: bits(classifier.predict(x) as tf.Tensor),
    weights: classifier.getWeights().map(bits),
  };
};

describe('TF.js models across processes', () => {
  it('local registry: pushed here, loaded in a new process with bit-identical weights and predictions', async () => {
    const dir = await tempDir('ebonite-tfjs-local-');
    await pushTo(await localRegistry(dir), join(dir, 'client.json'));
    expect(
      await runScript(project, loadAndPredict(join(dir, 'client.json'), 'classifier')),
    ).toEqual(expected());
  });

  it('sqlalchemy metadata + s3 artifacts: the same, bit for bit', async () => {
    const dir = await tempDir('ebonite-tfjs-sql-');
    await pushTo(await sqlS3Registry(dir, s3.endpoint), join(dir, 'client.json'));
    expect(
      await runScript(project, loadAndPredict(join(dir, 'client.json'), 'classifier')),
    ).toEqual(expected());
  });

  it('without TF.js installed, load names the package and the exact version to install', async () => {
    const dir = await tempDir('ebonite-tfjs-noruntime-');
    await pushTo(await localRegistry(dir), join(dir, 'client.json'));
    const bare = await userProject({ runtime: false });
    const result = await runScript(
      bare,
      `
      import { Ebonite } from '@ebonite/core';
      const client = await Ebonite.fromConfigFile(${JSON.stringify(join(dir, 'client.json'))});
      const model = await client.getModel('classifier', await client.getTask('default_project', 'default_task'));
      const error = await model.load().then(() => null, (e) => ({ code: e.code, packageName: e.packageName, version: e.version, message: e.message }));
      await client.close();
      console.log(JSON.stringify(error));
    `,
    );
    expect(result).toEqual({
      code: 'E_RUNTIME_NOT_INSTALLED',
      packageName: '@tensorflow/tfjs-core',
      version: '4.22.0',
      message: expect.stringContaining('npm install @tensorflow/tfjs-core@4.22.0'),
    });
  });
});
