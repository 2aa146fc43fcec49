import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Model } from '@ebonite/core';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { richParams } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import { bytesSummary, readAll } from '../streams.js';
import type { ClientTestOptions } from './options.js';
import { type ClientScope, withClient } from './scope.js';

/** The bytes of a pushed model's files, by name. */
function files(): Record<string, Buffer> {
  return {
    'model.bin': randomBytes(150_000),
    'config.json': Buffer.from(JSON.stringify({ layers: 3 })),
    'tokenizer/vocab.txt': Buffer.from('a\nb\nc\n'),
    'tokenizer/merges/empty.txt': Buffer.alloc(0),
    'from-stream.bin': randomBytes(70_000),
    'from-web-stream.bin': randomBytes(5_000),
    'from-path.bin': randomBytes(40_000),
  };
}

/** Pushes a model whose files come as bytes, a Node stream, a web stream and a `{ path }`. */
async function pushSample(s: ClientScope) {
  const bytes = files();
  const task = await s.task();
  const path = join(await s.folder(), 'source.bin');
  await writeFile(path, bytes['from-path.bin'] as Buffer);
  const {
    'from-stream.bin': nodeStream,
    'from-web-stream.bin': webStream,
    'from-path.bin': _,
    ...plain
  } = bytes;
  const created = Model.create({
    name: uniqueName('model'),
    artifacts: {
      ...plain,
      'from-stream.bin': Readable.from([nodeStream as Buffer], { objectMode: false }),
      'from-web-stream.bin': new Blob([webStream as Buffer]).stream(),
      'from-path.bin': { path },
    },
    params: richParams(),
    description: 'pushed by the conformance suite 🧪',
    requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
  });
  const pushed = await s.client.pushModel(created, task);
  return { bytes, task, created, pushed };
}

/** Pushing models through the client and reading their files back. */
export const modelChecks: CheckGroup<ClientTestOptions> = {
  name: 'models',
  checks: [
    {
      name: 'pushModel returns the persisted model with its id and artifact descriptors (size, sha256 digest)',
      run: (o) =>
        withClient(o, async (s) => {
          const { bytes, task, created, pushed } = await pushSample(s);
          expect(pushed).toMatchObject({
            id: created.id,
            name: created.name,
            taskId: task.id,
            description: 'pushed by the conformance suite 🧪',
            params: richParams(),
            requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
          });
          const expected = Object.entries(bytes)
            .map(([name, b]) => ({
              name,
              size: b.length,
              digest: `sha256:${createHash('sha256').update(b).digest('hex')}`,
            }))
            .sort((a, b) => (a.name < b.name ? -1 : 1));
          const sorted = (list: Array<{ name: string }>) =>
            [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
          expect(sorted(pushed.artifacts), 'the descriptors of pushModel').toEqual(expected);
          expect(sorted(await pushed.files.list()), 'model.files.list()').toEqual(expected);
          const stored = await s.client.artifacts.list(pushed.id);
          expect(sorted(stored), 'the artifact repository').toEqual(
            expected.map(({ name, size }) => ({ name, size })),
          );
          const meta = await s.client.meta.getModelById(pushed.id);
          expect(meta && sorted(meta.artifacts), 'the metadata repository').toEqual(expected);
        }),
    },
    {
      name: 'getModel and getModels return the pushed model; open, bytesDict and materialize give its files back',
      run: (o) =>
        withClient(o, async (s) => {
          const { bytes, task, pushed } = await pushSample(s);
          const second = await s.client.pushModel(
            Model.create({ name: uniqueName('model'), artifacts: {} }),
            task,
          );
          expect(second.artifacts, 'a model without files').toEqual([]);
          const got = await s.client.getModel(pushed.name, task);
          expect(got).toMatchObject({
            id: pushed.id,
            name: pushed.name,
            taskId: task.id,
            params: pushed.params,
            artifacts: pushed.artifacts,
          });
          expect((await s.client.getModels(task)).map((m) => m.id)).toEqual([pushed.id, second.id]);
          if (!got) return;
          for (const [name, b] of Object.entries(bytes))
            expect(
              bytesSummary(await readAll(await got.files.open(name))),
              `open(${name})`,
            ).toEqual(bytesSummary(b));
          const dict = await got.files.bytesDict();
          expect(Object.keys(dict).sort()).toEqual(Object.keys(bytes).sort());
          for (const [name, b] of Object.entries(bytes))
            expect(bytesSummary(dict[name] ?? null), `bytesDict()[${name}]`).toEqual(
              bytesSummary(b),
            );
          const dir = await s.folder();
          await got.files.materialize(dir);
          for (const [name, b] of Object.entries(bytes))
            expect(
              bytesSummary(await readFile(join(dir, ...name.split('/')))),
              `materialized ${name}`,
            ).toEqual(bytesSummary(b));
        }),
    },
  ],
};
