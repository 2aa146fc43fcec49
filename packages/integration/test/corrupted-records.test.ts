import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite, EboniteError, Model } from '@ebonite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Issue 9, items 3 and 11: a hand-edited or badly typed record never makes the rest of a registry
// unreadable, and reading it is E_CORRUPTED_STORE naming the file and the record, not a TypeError.
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-corrupted-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const edits: Array<[string, (model: Record<string, unknown>) => void]> = [
  ['params as an array', (m) => (m.params = [1, 2])],
  ['artifacts: [1]', (m) => (m.artifacts = [1])],
  ['requirements: [null]', (m) => (m.requirements = [null])],
  [
    'a descriptor without digest',
    (m) => delete (m.artifacts as Array<Record<string, unknown>>)[0]!.digest,
  ],
  ['a number description', (m) => (m.description = 5)],
];

describe('a hand-edited model record in metadata.json', () => {
  for (const [what, edit] of edits) {
    it(`with ${what}: the others read, it is E_CORRUPTED_STORE naming the file, and it is kept`, async () => {
      const reg = join(dir, 'reg');
      const client = await Ebonite.local({ path: reg });
      const task = await client.getOrCreateTask('p', 't');
      const good = await client.pushModel(
        Model.create({ name: 'good', artifacts: { 'a.bin': Buffer.from('a') } }),
        task,
      );
      const bad = await client.pushModel(
        Model.create({ name: 'bad', artifacts: { 'b.bin': Buffer.from('b') } }),
        task,
      );
      await client.close();
      const file = join(reg, 'metadata.json');
      const doc = JSON.parse(await readFile(file, 'utf8'));
      edit(doc.models.find((m: { id: string }) => m.id === bad.id));
      await writeFile(file, JSON.stringify(doc));
      const edited = JSON.stringify(doc.models.find((m: { id: string }) => m.id === bad.id));

      const again = await Ebonite.local({ path: reg });
      const t = (await again.getTask('p', 't'))!;
      expect((await again.getModels(t)).map((m) => m.name)).toEqual(['good']);
      const read = await again.getModel('good', t);
      expect(Buffer.from((await read!.files.bytesDict())['a.bin']!).toString()).toBe('a');
      let thrown: unknown;
      try {
        await again.getModel('bad', t);
      } catch (error) {
        thrown = error;
      }
      expect(EboniteError.isInstance(thrown, 'E_CORRUPTED_STORE')).toBe(true);
      expect((thrown as Error).message).toContain(file);
      expect((thrown as Error).message).toContain(bad.id);
      // A write and a compaction keep the bad record as it was.
      await again.pushModel(Model.create({ name: 'later' }), t);
      await again.close();
      const after = JSON.parse(await readFile(file, 'utf8'));
      expect(JSON.stringify(after.models.find((m: { id: string }) => m.id === bad.id))).toBe(
        edited,
      );
      expect(after.models.map((m: { name: string }) => m.name).sort()).toEqual([
        'bad',
        'good',
        'later',
      ]);
      expect(good.id).toBeTruthy();
    });
  }
});
