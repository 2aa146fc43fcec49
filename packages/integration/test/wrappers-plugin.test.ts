import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A third-party wrapper package as a user installs it, found only through the "ebonite" field of its
// package.json (no registerPlugin), in a project where the built-in wrapper packages are not installed.
// Children run on the built @ebonite/core, without the workspace's NODE_PATH.

const run = promisify(execFile);
const packages = resolve(import.meta.dirname, '../..');

const wrapperSource = `
import { InvalidInputError } from '@ebonite/core';
const isLine = (o) => typeof o === 'object' && o !== null && o.kind === 'acme-line';
const live = (line) => ({
  object: line,
  methods: { predict: { inputs: [{ name: 'x', kind: 'tensor', dtype: 'float64', shape: ['n'] }], outputs: [{ name: 'y', kind: 'tensor', dtype: 'float64', shape: ['n'] }] } },
  requirements: ['acme-wrapper'],
  describeInput(method, input) {
    if (!(input?.data instanceof Float64Array)) throw new InvalidInputError('acme takes { dtype, shape, data: Float64Array }');
    return [{ name: 'x', dtype: input.dtype, shape: input.shape }];
  },
  async call(method, input) { return Array.from(input.data, (v) => line.slope * v + line.intercept); },
  async save() { return { artifacts: { 'line.json': Buffer.from(JSON.stringify(line)) } }; },
  dispose() {},
});
export const ebonitePlugin = {
  wrapper: {
    acme: {
      specificationVersion: 'v1', type: 'acme', version: '2.5.0',
      recognizes: isLine,
      async wrap(object) { return live(object); },
      async load(files) { const { 'line.json': bytes } = await files.bytesDict(); return live(JSON.parse(Buffer.from(bytes).toString())); },
    },
  },
};
`;

let project: string;

async function runInProject(script: string): Promise<any> {
  const file = join(project, `script-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, script);
  const { NODE_PATH: _, ...env } = process.env;
  const { stdout } = await run(process.execPath, [file], { cwd: project, env, timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'ebonite-wrapper-plugin-'));
  await mkdir(join(project, 'node_modules', '@ebonite'), { recursive: true });
  for (const name of ['core', 'meta-local', 'artifact-fs'])
    await symlink(join(packages, name), join(project, 'node_modules', '@ebonite', name), 'dir');
  const plugin = join(project, 'node_modules', 'acme-wrapper');
  await mkdir(plugin);
  await writeFile(
    join(plugin, 'package.json'),
    JSON.stringify({
      name: 'acme-wrapper',
      version: '2.5.0',
      type: 'module',
      exports: './index.js',
      ebonite: { wrapper: ['acme'] },
    }),
  );
  await writeFile(join(plugin, 'index.js'), wrapperSource);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'user-project',
      type: 'module',
      dependencies: {
        '@ebonite/core': '*',
        '@ebonite/meta-local': '*',
        '@ebonite/artifact-fs': '*',
        'acme-wrapper': '2.5.0',
      },
    }),
  );
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('a third-party model wrapper, found by the convention', () => {
  it('creates and pushes in one process, then loads and predicts in another', async () => {
    const created = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      const client = await Ebonite.local({ path: 'registry' });
      const model = await client.createModel({ kind: 'acme-line', slope: 2, intercept: 1 }, { dtype: 'float64', shape: [2], data: new Float64Array([1, 2]) }, { name: 'line' });
      await client.close();
      console.log(JSON.stringify({ wrapper: model.wrapper, requirements: model.requirements, artifacts: model.artifacts.map((a) => a.name) }));
    `);
    expect(created).toEqual({
      wrapper: {
        type: 'acme',
        version: '2.5.0',
        specificationVersion: 'v1',
        methods: expect.any(Object),
        data: {},
      },
      requirements: [{ package: 'acme-wrapper', version: '2.5.0' }],
      artifacts: ['line.json'],
    });
    const predicted = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      const client = await Ebonite.local({ path: 'registry' });
      const model = await client.getModel('line', await client.getTask('default_project', 'default_task'));
      const loaded = await model.load();
      const y = await loaded.predict({ dtype: 'float64', shape: [3], data: new Float64Array([0, 1, 10]) });
      const bad = await loaded.predict({ dtype: 'float64', shape: [1, 3], data: new Float64Array(3) }).catch((e) => e.code);
      await client.close();
      console.log(JSON.stringify({ y, bad }));
    `);
    expect(predicted).toEqual({ y: [1, 3, 21], bad: 'E_MODEL_INPUT' });
  });

  it('an unknown object lists the wrappers tried and the built-in ones not installed', async () => {
    const error = await runInProject(`
      import { Model } from '@ebonite/core';
      const e = await Model.create(new Float32Array(4), undefined, { name: 'm' }).catch((e) => e);
      console.log(JSON.stringify({ code: e.code, tried: e.tried, notInstalled: e.notInstalled, message: e.message }));
    `);
    expect(error).toEqual({
      code: 'E_UNRECOGNIZED_MODEL',
      tried: ['acme'],
      notInstalled: ['onnx (@ebonite/model-onnx)', 'tfjs (@ebonite/model-tfjs)'],
      message: expect.stringContaining(
        '(a Float32Array of 16 bytes). Tried: acme. Not installed: onnx (@ebonite/model-onnx), tfjs (@ebonite/model-tfjs).',
      ),
    });
  });

  it('loading a model whose built-in wrapper package is missing names the package and the recorded version', async () => {
    const error = await runInProject(`
      import { Ebonite, Model } from '@ebonite/core';
      const client = await Ebonite.local({ path: 'registry-onnx' });
      const task = await client.getOrCreateTask('p', 't');
      const base = Model.create({ name: 'onnx-model', artifacts: { 'model.onnx': new Uint8Array([8, 1]) } });
      const record = { ...base.toRecord(), requirements: [{ package: '@ebonite/model-onnx', version: '0.1.0' }, { package: 'onnxruntime-node', version: '1.30.0' }],
        wrapper: { type: 'onnx', version: '0.1.0', specificationVersion: 'v1', methods: {}, data: {} } };
      const model = await client.pushModel(new Model(record, base.sources), task);
      const e = await model.load().catch((e) => e);
      await client.close();
      console.log(JSON.stringify({ code: e.code, packageName: e.packageName, version: e.version, message: e.message }));
    `);
    expect(error).toEqual({
      code: 'E_RUNTIME_NOT_INSTALLED',
      packageName: '@ebonite/model-onnx',
      version: '0.1.0',
      message: expect.stringContaining('npm install @ebonite/model-onnx@0.1.0'),
    });
  });
});
