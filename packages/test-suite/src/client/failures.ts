import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Model } from '@ebonite/core';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError, expectRejection } from '../expect-error.js';
import { uniqueName } from '../random-names.js';
import { collect, failingStream } from '../streams.js';
import type { ClientTestOptions } from './options.js';
import { type ClientScope, withClient } from './scope.js';

/** Asserts the artifact repository holds nothing for this model id. */
async function expectNoFiles(s: ClientScope, modelId: string, what: string): Promise<void> {
  expect(
    await s.client.artifacts.list(modelId),
    `${what}: the artifact repository's files of the model`,
  ).toEqual([]);
  expect(
    await collect(s.client.artifacts.listModelIds()),
    `${what}: the artifact repository's model ids`,
  ).not.toContain(modelId);
}

/** Pushes that must fail without leaving anything behind. */
export const failureChecks: CheckGroup<ClientTestOptions> = {
  name: 'failed pushes',
  checks: [
    {
      name: 'pushing a taken name throws ExistingModelError before uploading anything',
      run: (o) =>
        withClient(o, async (s) => {
          const task = await s.task();
          const name = uniqueName('model');
          const first = await s.client.pushModel(
            Model.create({ name, artifacts: { 'model.bin': Buffer.from('first') } }),
            task,
          );
          let read = false;
          async function* chunks() {
            read = true;
            yield Buffer.from('second');
          }
          const second = Model.create({
            name,
            artifacts: { 'model.bin': Readable.from(chunks(), { objectMode: false }) },
          });
          await expectEboniteError(
            s.client.pushModel(second, task),
            'E_EXISTING_MODEL',
            'pushing a taken name',
          );
          expect(
            read,
            'the second model stream was read: something was uploaded before the name was checked',
          ).toBe(false);
          await expectNoFiles(s, second.id, 'after the rejected push');
          const kept = await s.client.getModel(name, task);
          expect(kept?.id, 'the first model keeps the name').toBe(first.id);
          expect(Buffer.from((await kept?.files.bytesDict())?.['model.bin'] ?? []).toString()).toBe(
            'first',
          );
        }),
    },
    {
      name: 'a push whose artifact stream fails leaves no metadata and no artifacts, and the name stays free',
      run: (o) =>
        withClient(o, async (s) => {
          const task = await s.task();
          const name = uniqueName('model');
          const boom = new Error(
            'the artifact stream broke (deliberately, by the conformance suite)',
          );
          const broken = Model.create({
            name,
            artifacts: { 'a.bin': randomBytes(100_000), 'b/c.bin': failingStream(150_000, boom) },
          });
          await expectRejection(s.client.pushModel(broken, task), 'a push whose stream fails');
          expect(await s.client.getModel(name, task), 'getModel after the failed push').toBeNull();
          expect(
            await s.client.meta.getModelById(broken.id),
            'the metadata repository after the failed push',
          ).toBeNull();
          expect(await s.client.getModels(task)).toEqual([]);
          await expectNoFiles(s, broken.id, 'after the failed push');
          const retry = await s.client.pushModel(
            Model.create({ name, artifacts: { 'a.bin': Buffer.from('ok') } }),
            task,
          );
          expect((await s.client.getModel(name, task))?.id, 'a retry under the same name').toBe(
            retry.id,
          );
        }),
    },
  ],
};
