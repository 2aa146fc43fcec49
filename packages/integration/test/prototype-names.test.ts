import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite, EboniteError, Model } from '@ebonite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Issue 9, items 8 and 14: names like Object.prototype's members were dropped or resolved to them.
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-proto-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('names like Object.prototype members', () => {
  it('artifacts named __proto__, constructor and toString are stored and read back by every reader', async () => {
    const client = await Ebonite.local({ path: join(dir, 'reg') });
    const artifacts: Record<string, Buffer> = Object.create(null);
    for (const name of ['__proto__', 'constructor', 'toString', 'sub/__proto__'])
      artifacts[name] = Buffer.from(`bytes of ${name}`);
    const task = await client.getOrCreateTask('p', 't');
    const pushed = await client.pushModel(Model.create({ name: 'm', artifacts }), task);
    const listed = (await pushed.files.list()).map((a) => a.name).sort();
    expect(listed).toEqual(['__proto__', 'constructor', 'sub/__proto__', 'toString']);
    const bytes = await pushed.files.bytesDict();
    expect(Object.keys(bytes).sort()).toEqual(listed);
    expect(Buffer.from(Object.getOwnPropertyDescriptor(bytes, '__proto__')?.value).toString()).toBe(
      'bytes of __proto__',
    );
    const written = await pushed.files.materialize(join(dir, 'out'));
    expect(written).toHaveLength(4);
    await client.close();
  });

  for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`the type string "${type}" is unknown, not Object.prototype.${type}`, async () => {
      let thrown: unknown;
      try {
        await Ebonite.customClient(type, 'inmemory');
      } catch (error) {
        thrown = error;
      }
      expect(EboniteError.isInstance(thrown, 'E_UNKNOWN_REPOSITORY_TYPE')).toBe(true);
      expect((thrown as Error).message).not.toMatch(/native code|function/);
      thrown = undefined;
      try {
        await Ebonite.customClient('inmemory', type);
      } catch (error) {
        thrown = error;
      }
      expect(EboniteError.isInstance(thrown, 'E_UNKNOWN_REPOSITORY_TYPE')).toBe(true);
    });
  }
});
