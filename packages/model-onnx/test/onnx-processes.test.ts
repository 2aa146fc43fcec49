import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Ebonite, registerPlugin } from '@ebonite/core';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';
import { anyRankModel, linearModel, manyInitializersModel, wideModel } from './models.js';
import {
  cleanTemporary,
  localRegistry,
  runScript,
  sqlS3Registry,
  startS3,
  tempDir,
  userProject,
} from './support.js';

// Every child process runs in a temporary user project on the BUILT packages, with no registerPlugin:
// the `onnx` wrapper is found through the core's built-in map, resolved from that project.

const ortVersion = (
  JSON.parse(
    readFileSync(
      resolve(import.meta.dirname, '../node_modules/onnxruntime-node/package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
const inputs = {
  linear: { data: [1, 2, 3, -1, 0.5, 4, 7, 8, 9], dims: [3, 3] },
  wide: {
    data: Array.from({ length: 2 * 256 }, (_, i) => Math.round(Math.sin(i) * 1000) / 100),
    dims: [2, 256],
  },
};
type Name = keyof typeof inputs;

/** Child: get the model from the registry in `config`, load it, predict, print the output's raw bytes. */
const loadAndPredict = (config: string, name: Name) => `
  import { Ebonite } from '@ebonite/core';
  import ort from 'onnxruntime-node';
  const client = await Ebonite.fromConfigFile(${JSON.stringify(config)});
  const model = await client.getModel(${JSON.stringify(name)}, await client.getTask('default_project', 'default_task'));
  const loaded = await model.load();
  const out = await loaded.predict({ X: new ort.Tensor('float32', new Float32Array(${JSON.stringify(inputs[name].data)}), ${JSON.stringify(inputs[name].dims)}) });
  await loaded.dispose();
  await client.close();
  console.log(JSON.stringify({ requirements: model.requirements, dims: out.Y.dims, data: Buffer.from(out.Y.data.buffer).toString('base64') }));
`;

async function expected(name: Name): Promise<{ dims: readonly number[]; data: string }> {
  const session = await ort.InferenceSession.create(
    name === 'linear' ? linearModel() : wideModel(),
  );
  const out = await session.run({
    X: new ort.Tensor('float32', new Float32Array(inputs[name].data), inputs[name].dims),
  });
  await session.release();
  return {
    dims: out.Y!.dims,
    data: Buffer.from((out.Y!.data as Float32Array).buffer).toString('base64'),
  };
}

let project: string;
let s3: { endpoint: string; stop(): Promise<void> };

beforeAll(async () => {
  project = await userProject();
  s3 = await startS3();
});

afterAll(async () => {
  await s3.stop();
  await cleanTemporary();
});

describe('ONNX models across processes', () => {
  it('local registry: one process creates and pushes, another gets, loads and predicts the same outputs', async () => {
    const registry = await tempDir('ebonite-onnx-local-');
    const config = join(registry, 'client.json');
    const pushed = await runScript(
      project,
      `
      import { Ebonite } from '@ebonite/core';
      import { readFile } from 'node:fs/promises';
      const client = await Ebonite.local({ path: ${JSON.stringify(registry)} });
      await client.saveClientConfig(${JSON.stringify(config)});
      const bytes = new Uint8Array(Buffer.from(${JSON.stringify(Buffer.from(linearModel()).toString('base64'))}, 'base64'));
      const model = await client.createModel(bytes, undefined, { name: 'linear' });
      await client.close();
      console.log(JSON.stringify({ wrapper: model.wrapper.type, artifacts: model.artifacts.map((a) => a.name) }));
    `,
    );
    expect(pushed).toEqual({ wrapper: 'onnx', artifacts: ['model.onnx'] });
    const result = await runScript(project, loadAndPredict(config, 'linear'));
    expect({ dims: result.dims, data: result.data }).toEqual(await expected('linear'));
    expect(result.requirements).toEqual([
      { package: '@ebonite/model-onnx', version: '0.1.0' },
      { package: 'onnxruntime-node', version: ortVersion },
    ]);
  });

  it('sqlalchemy metadata + s3 artifacts: a model with external data pushed here, loaded in a new process', async () => {
    const dir = await tempDir('ebonite-onnx-sql-');
    const config = join(dir, 'client.json');
    const unregister = registerPlugin(ebonitePlugin);
    let client: Ebonite | undefined;
    try {
      client = await sqlS3Registry(dir, s3.endpoint);
      await client.createModel(
        wideModel(),
        { X: new ort.Tensor('float32', new Float32Array(256), [1, 256]) },
        { name: 'wide' },
      );
      await client.saveClientConfig(config);
    } finally {
      unregister();
      await client?.close();
    }
    const result = await runScript(project, loadAndPredict(config, 'wide'));
    expect({ dims: result.dims, data: result.data }).toEqual(await expected('wide'));
  });

  it('an input of unknown rank keeps shape null in a new process, which runs it at any rank', async () => {
    const registry = await tempDir('ebonite-onnx-any-rank-');
    const unregister = registerPlugin(ebonitePlugin);
    const client = await localRegistry(registry);
    try {
      await client.createModel(anyRankModel(), { name: 'any-rank' });
      await client.saveClientConfig(join(registry, 'client.json'));
    } finally {
      unregister();
      await client.close();
    }
    const result = await runScript(
      project,
      `
      import { Ebonite } from '@ebonite/core';
      import ort from 'onnxruntime-node';
      const client = await Ebonite.fromConfigFile(${JSON.stringify(join(registry, 'client.json'))});
      const model = await client.getModel('any-rank', await client.getTask('default_project', 'default_task'));
      const loaded = await model.load();
      const B = new ort.Tensor('float32', new Float32Array([1]), []);
      const dims = [];
      for (const shape of [[2, 3], [4], []]) {
        const size = shape.reduce((a, b) => a * b, 1);
        const X = new ort.Tensor('float32', Float32Array.from({ length: size }, (_, i) => i - 2), shape);
        const out = await loaded.predict({ X, B });
        dims.push([...out.Y.dims, Array.from(out.Y.data)]);
      }
      const scalar = await loaded.predict({ X: B, B: new ort.Tensor('float32', new Float32Array(2), [2]) }).catch((e) => e.code);
      await loaded.dispose();
      await client.close();
      console.log(JSON.stringify({ inputs: loaded.methods.predict.inputs, dims, scalar }));
    `,
    );
    expect(result.inputs).toEqual([
      { name: 'X', kind: 'tensor', dtype: 'float32', shape: null },
      { name: 'B', kind: 'tensor', dtype: 'float32', shape: [] },
    ]);
    expect(result.dims).toEqual([[2, 3, [1, 1, 1, 2, 3, 4]], [4, [1, 1, 1, 2]], [[1]]]);
    expect(result.scalar).toBe('E_MODEL_INPUT');
  });

  it.runIf(process.platform === 'linux')(
    'a 30 MB graph without external data loads with about the memory of a session on its file',
    async () => {
      // 500 initializers of 60,000 bytes: none moves to external data. Read into memory before the
      // session, it cost its size twice over (chunks, then their concatenation): ~62 MiB above direct.
      // From the materialized file, the rest is the copy's transient read buffers (~34 MiB here).
      const dir = await tempDir('ebonite-onnx-memory-');
      const graph = join(dir, 'many.onnx');
      await writeFile(graph, manyInitializersModel(500, 15_000));
      const unregister = registerPlugin(ebonitePlugin);
      const client = await localRegistry(dir);
      try {
        const model = await client.createModel({ path: graph }, { name: 'many' });
        expect(model.artifacts.map((a) => a.name)).toEqual(['model.onnx']);
        await client.saveClientConfig(join(dir, 'client.json'));
      } finally {
        unregister();
        await client.close();
      }
      // Child: peak RSS above start (ORT loaded and warmed, garbage collected) for a session made
      // directly on the file, or through model.load().
      const peak = (direct: boolean) => `
      import { readFileSync, writeFileSync } from 'node:fs';
      import { setFlagsFromString } from 'node:v8';
      import { runInNewContext } from 'node:vm';
      import { Ebonite } from '@ebonite/core';
      import ort from 'onnxruntime-node';
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc');
      const client = await Ebonite.fromConfigFile(${JSON.stringify(join(dir, 'client.json'))});
      const model = await client.getModel('many', await client.getTask('default_project', 'default_task'));
      const warm = await ort.InferenceSession.create(new Uint8Array(${JSON.stringify([...linearModel()])}));
      await warm.release();
      const X = new ort.Tensor('float32', new Float32Array(15000), [15000]);
      gc();
      // Reset the peak (VmHWM) to the current RSS, so that earlier peaks (imports, warm-up) do not count.
      const hwm = () => Number(readFileSync('/proc/self/status', 'utf8').split('VmHWM:')[1].trim().split(' ')[0]) * 1024;
      writeFileSync('/proc/self/clear_refs', '5');
      const start = hwm();
      const session = ${direct} ? await ort.InferenceSession.create(${JSON.stringify(graph)}) : await model.load();
      const Y = ${direct} ? (await session.run({ X })).Y : (await session.predict({ X })).Y;
      const peakMiB = (hwm() - start) / 2 ** 20;
      await client.close();
      console.log(JSON.stringify({ peakMiB, y: Y.data[0] }));
    `;
      const direct = await runScript(project, peak(true));
      const ebonite = await runScript(project, peak(false));
      expect(ebonite.y).toBe(direct.y);
      expect(ebonite.peakMiB - direct.peakMiB, JSON.stringify({ direct, ebonite })).toBeLessThan(
        45,
      );
    },
    60_000,
  );

  it('without onnxruntime-node installed, load and create name the package and the version to install', async () => {
    const registry = await tempDir('ebonite-onnx-noruntime-');
    const unregister = registerPlugin(ebonitePlugin);
    const client = await localRegistry(registry);
    try {
      await client.createModel(linearModel(), { name: 'linear' });
    } finally {
      unregister();
      await client.close();
    }
    const bare = await userProject({ runtime: false });
    const result = await runScript(
      bare,
      `
      import { Ebonite, Model } from '@ebonite/core';
      const client = await Ebonite.customClient('local', 'local', { path: ${JSON.stringify(join(registry, 'metadata.json'))} }, { root: ${JSON.stringify(join(registry, 'artifacts'))} });
      const model = await client.getModel('linear', await client.getTask('default_project', 'default_task'));
      const report = (e) => ({ code: e.code, packageName: e.packageName, version: e.version, message: e.message });
      const load = await model.load().then(() => null, report);
      const create = await Model.create(new Uint8Array(${JSON.stringify([...linearModel()])}), undefined, { name: 'x' }).then(() => null, report);
      await client.close();
      console.log(JSON.stringify({ load, create }));
    `,
    );
    expect(result.load).toEqual({
      code: 'E_RUNTIME_NOT_INSTALLED',
      packageName: 'onnxruntime-node',
      version: ortVersion,
      message: expect.stringContaining(`npm install onnxruntime-node@${ortVersion}`),
    });
    expect(result.create).toEqual({
      code: 'E_RUNTIME_NOT_INSTALLED',
      packageName: 'onnxruntime-node',
      version: '>=1.22.0',
      message: expect.stringContaining('npm install "onnxruntime-node@>=1.22.0"'),
    });
  });
});
