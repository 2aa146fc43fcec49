import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Ebonite, Model, registerPlugin } from '@ebonite/core';
import { EboniteError } from '@ebonite/core/plugin';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxWrapper } from '../src/onnx-wrapper.js';
import { ebonitePlugin } from '../src/plugin.js';
import { sessionSignature } from '../src/signatures.js';
import {
  anyRankModel,
  externalDataModel,
  linearModel,
  twoInputModel,
  twoLayerModel,
  wideModel,
  zipMapClassifier,
} from './models.js';
import { cleanTemporary, localRegistry, tempDir } from './support.js';

const X = new ort.Tensor(
  'float32',
  Float32Array.from({ length: 2 * 256 }, (_, i) => Math.sin(i) * 3),
  [2, 256],
);

async function run(model: Uint8Array | string, feeds: Record<string, ort.Tensor>) {
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model)
      : await ort.InferenceSession.create(model);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

let unregister: () => void;
let client: Ebonite;

beforeAll(async () => {
  unregister = registerPlugin(ebonitePlugin);
  client = await localRegistry(await tempDir('ebonite-onnx-layout-'));
});

afterAll(async () => {
  unregister();
  await client.close();
  await cleanTemporary();
});

async function pushAndPredict(
  source: Uint8Array | string,
  name: string,
  feeds: Record<string, ort.Tensor>,
) {
  const pushed = await client.createModel(source, feeds, { name, projectName: 'layout' });
  const loaded = await pushed.load();
  try {
    return { pushed, outputs: await loaded.predict<Record<string, ort.Tensor>>(feeds) };
  } finally {
    await loaded.dispose();
  }
}

describe('storage of large initializers as ONNX external data', () => {
  it('moves initializers of 64 KiB or more into model.onnx.data at page-aligned offsets, and loads them back', async () => {
    const { pushed, outputs } = await pushAndPredict(twoLayerModel(), 'two-layers', { X });
    expect((pushed.wrapper as { data: unknown }).data).toEqual({
      file: 'model.onnx',
      externalData: 'model.onnx.data',
      outputs: ['Y'],
    });
    const sizes = Object.fromEntries(pushed.artifacts.map((a) => [a.name, a.size]));
    expect(sizes['model.onnx.data']).toBe(69_632 + 78_000); // W1 at 0, W2 at the next multiple of 4096
    expect(sizes['model.onnx']).toBeLessThan(1024);
    expect(outputs.Y!.data).toEqual((await run(twoLayerModel(), { X })).Y!.data);
    // The stored pair is plain ONNX external data: onnxruntime loads it from a folder by itself.
    const dir = await tempDir('ebonite-onnx-stored-');
    await pushed.files.materialize(dir);
    expect((await run(join(dir, 'model.onnx'), { X })).Y!.data).toEqual(outputs.Y!.data);
  });

  it('does the same for a model given by path, streaming the weights from the file', async () => {
    const path = join(await tempDir('ebonite-onnx-path-'), 'wide.onnx');
    await writeFile(path, wideModel());
    const model = await Model.create(path, undefined, { name: 'wide' });
    expect([...model.sources.keys()]).toEqual(['model.onnx', 'model.onnx.data']);
    const { pushed, outputs } = await pushAndPredict(path, 'wide-from-path', { X });
    expect(pushed.artifacts.find((a) => a.name === 'model.onnx.data')!.size).toBe(256 * 128 * 4);
    expect(outputs.Y!.data).toEqual((await run(wideModel(), { X })).Y!.data);
  });

  it('a weights file that changes under a pending push fails the push and leaves the registry as it was', async () => {
    const path = join(await tempDir('ebonite-onnx-truncated-'), 'wide.onnx');
    const bytes = wideModel();
    await writeFile(path, bytes);
    const model = await Model.create(path, undefined, { name: 'truncated' });
    await writeFile(path, bytes.subarray(0, 70_000));
    const task = await client.getOrCreateTask('layout', 'failures');
    await expect(client.pushModel(model, task)).rejects.toThrow(/ends early/);
    expect(await client.getModel('truncated', task)).toBeNull();
    expect(await client.artifacts.list(model.id)).toEqual([]);
  });

  it('takes a model that already keeps weights in external files next to it, by path only', async () => {
    const dir = await tempDir('ebonite-onnx-external-');
    const { graph, data } = externalDataModel('weights/w.bin', 100);
    await mkdir(join(dir, 'weights'));
    await writeFile(join(dir, 'weights', 'w.bin'), data);
    await writeFile(join(dir, 'model.onnx'), graph);
    const feeds = { X: new ort.Tensor('float32', new Float32Array([1, 2, 3]), [1, 3]) };
    const { pushed, outputs } = await pushAndPredict(join(dir, 'model.onnx'), 'external', feeds);
    expect(pushed.artifacts.map((a) => [a.name, a.size])).toEqual([
      ['model.onnx', expect.any(Number)],
      ['model.onnx.data', 24],
    ]);
    expect(outputs.Y!.data).toEqual((await run(join(dir, 'model.onnx'), feeds)).Y!.data);
    await expect(Model.create(graph, undefined, { name: 'm' })).rejects.toThrow(
      "pass the model's path instead of its bytes",
    );
    await writeFile(join(dir, 'escape.onnx'), externalDataModel('../outside.bin', 0).graph);
    const outside = await Model.create(join(dir, 'escape.onnx'), undefined, { name: 'm' }).catch(
      (e: unknown) => e,
    );
    expect(
      EboniteError.isInstance(outside, 'E_INVALID_INPUT') && (outside as Error).message,
    ).toContain("points outside the model's folder");
  });

  it('an input without a shape in a graph with external data, given by path: any rank, loaded from files', async () => {
    const path = join(await tempDir('ebonite-onnx-any-rank-'), 'any-rank.onnx');
    await writeFile(path, anyRankModel({ weights: true }));
    const B = new ort.Tensor('float32', new Float32Array([0.5]), []);
    const feeds = { X: new ort.Tensor('float32', new Float32Array([-1, 2, -3, 4]), [4]), B };
    const { pushed, outputs } = await pushAndPredict(path, 'any-rank', feeds);
    expect((pushed.wrapper as any).methods.predict.inputs.map((v: any) => v.shape)).toEqual([
      null,
      [],
    ]);
    expect((pushed.wrapper as any).data.externalData).toBe('model.onnx.data');
    const expected = await run(path, feeds);
    expect([outputs.Y!.data, outputs.total!.data]).toEqual([
      expected.Y!.data,
      expected.total!.data,
    ]);
  });

  it('reads the signature without the weights, the same as a session on the whole model', async () => {
    for (const bytes of [
      linearModel(),
      twoInputModel(),
      zipMapClassifier(),
      wideModel(),
      twoLayerModel(),
    ]) {
      const wrapped = await onnxWrapper.wrap(bytes);
      const full = await ort.InferenceSession.create(bytes);
      expect(wrapped.methods.predict).toEqual(sessionSignature(full));
      await full.release();
      await wrapped.dispose();
      await expect(wrapped.call('predict', {})).rejects.toThrow('wrapped to be saved, not run');
    }
  });
});
