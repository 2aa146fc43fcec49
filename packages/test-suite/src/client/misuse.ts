import { Model } from '@ebonite/core';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { uniqueName } from '../random-names.js';
import type { ClientTestOptions } from './options.js';
import { type ClientScope, withClient } from './scope.js';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'sub/__proto__'];

async function namesAndBytes(
  s: ClientScope,
  modelName: string,
  task: Awaited<ReturnType<ClientScope['task']>>,
) {
  const model = await s.client.getModel(modelName, task);
  expect(model, `getModel(${modelName})`).not.toBeNull();
  const bytes = await model!.files.bytesDict();
  return Object.fromEntries(
    Object.keys(bytes)
      .sort()
      .map((name) => [name, Buffer.from(bytes[name]!).toString()]),
  );
}

/** What an ordinary user gets wrong: nothing of it may lose or corrupt what is stored. */
export const misuseChecks: CheckGroup<ClientTestOptions> = {
  name: 'misuse',
  checks: [
    {
      name: 'the same Model object pushed twice (into another task, or at once) is refused, and the first push keeps its files',
      run: (o) =>
        withClient(o, async (s) => {
          const taskA = await s.task();
          const taskB = await s.task();
          const files = () => ({
            'a.bin': Buffer.from('first'),
            'sub/b.txt': Buffer.from('second'),
          });
          const model = Model.create({ name: uniqueName('model'), artifacts: files() });
          await s.client.pushModel(model, taskA);
          await expectEboniteError(
            s.client.pushModel(model, taskB),
            'E_ALREADY_PUSHED',
            'second push',
          );
          expect(await namesAndBytes(s, model.name, taskA)).toEqual({
            'a.bin': 'first',
            'sub/b.txt': 'second',
          });
          expect(await s.client.getModels(taskB)).toEqual([]);
          const racing = Model.create({ name: uniqueName('model'), artifacts: files() });
          const results = await Promise.allSettled([
            s.client.pushModel(racing, taskA),
            s.client.pushModel(racing, taskA),
          ]);
          expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
          expect(await namesAndBytes(s, racing.name, taskA)).toEqual({
            'a.bin': 'first',
            'sub/b.txt': 'second',
          });
        }),
    },
    {
      name: 'wrong field types are refused with E_INVALID_INPUT before anything is stored, and the registry stays readable',
      run: (o) =>
        withClient(o, async (s) => {
          const task = await s.task();
          const wrong: Array<Record<string, unknown>> = [
            { params: [1, 2] },
            { params: 'lr=0.1' },
            { description: 5 },
            { author: 42 },
            { requirements: 'numpy' },
            { requirements: [null] },
            { params: { when: new Date(0) } },
            { params: { n: 1n } },
          ];
          for (const fields of wrong) {
            let thrown: unknown;
            try {
              Model.create({ name: uniqueName('model'), ...fields } as never);
            } catch (error) {
              thrown = error;
            }
            await expectEboniteError(
              Promise.reject(thrown),
              'E_INVALID_INPUT',
              `Model.create(${Object.keys(fields)[0]})`,
            );
          }
          // The same mistake made after Model.create is caught by the core before any upload.
          const model = Model.create({
            name: uniqueName('model'),
            artifacts: { 'a.bin': Buffer.from('x') },
          });
          (model as { params: unknown }).params = [1, 2];
          await expectEboniteError(
            s.client.pushModel(model, task),
            'E_INVALID_INPUT',
            'push of a mutated model',
          );
          expect(await s.client.getModels(task)).toEqual([]);
          const project = (await s.client.getProjects()).find((p) => p.id === task.projectId);
          expect((await s.client.getTasks(project!)).map((t) => t.id)).toContain(task.id);
        }),
    },
    {
      name: 'artifacts and params named like Object.prototype members (__proto__, constructor) are stored and read back',
      run: (o) =>
        withClient(o, async (s) => {
          const task = await s.task();
          const artifacts: Record<string, Buffer> = Object.create(null);
          for (const name of PROTOTYPE_NAMES) artifacts[name] = Buffer.from(`bytes of ${name}`);
          const params = JSON.parse(
            '{"__proto__":{"polluted":true},"constructor":"c","toString":1}',
          );
          const name = uniqueName('model');
          const pushed = await s.client.pushModel(Model.create({ name, artifacts, params }), task);
          expect((await pushed.files.list()).map((a) => a.name).sort()).toEqual(
            [...PROTOTYPE_NAMES].sort(),
          );
          const read = await namesAndBytes(s, name, task);
          expect(Object.keys(read)).toEqual([...PROTOTYPE_NAMES].sort());
          expect(Object.getOwnPropertyDescriptor(read, '__proto__')?.value).toBe(
            'bytes of __proto__',
          );
          const stored = await s.client.getModel(name, task);
          expect(JSON.stringify(stored!.params)).toBe(JSON.stringify(params));
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
    },
    {
      name: 'an artifact name segment of 255 UTF-8 bytes is stored; 256 bytes, or names differing only by case or normalisation, are refused before upload',
      run: (o) =>
        withClient(o, async (s) => {
          const task = await s.task();
          const longest = `${'é'.repeat(127)}x`; // 255 bytes
          const name = uniqueName('model');
          await s.client.pushModel(
            Model.create({ name, artifacts: { [`dir/${longest}`]: Buffer.from('long') } }),
            task,
          );
          expect(await namesAndBytes(s, name, task)).toEqual({ [`dir/${longest}`]: 'long' });
          for (const artifacts of <Array<Record<string, Buffer>>>[
            { [`${'é'.repeat(128)}`]: Buffer.from('x') },
            { 'Model.bin': Buffer.from('a'), 'model.bin': Buffer.from('b') },
            { 'caf\u00e9': Buffer.from('a'), 'cafe\u0301': Buffer.from('b') },
          ]) {
            let thrown: unknown;
            try {
              Model.create({ name: uniqueName('model'), artifacts });
            } catch (error) {
              thrown = error;
            }
            await expectEboniteError(
              Promise.reject(thrown),
              'E_INVALID_INPUT',
              `Model.create(${Object.keys(artifacts).join(', ')})`,
            );
          }
          expect((await s.client.getModels(task)).map((m) => m.name)).toEqual([name]);
        }),
    },
  ],
};
