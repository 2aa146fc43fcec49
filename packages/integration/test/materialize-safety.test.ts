import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Ebonite,
  EboniteError,
  type EboniteErrorCode,
  type Model,
  Model as ModelClass,
} from '@ebonite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Issue 9, item 13: materialize followed links inside the destination and left partial models.
const isCode = (code: EboniteErrorCode) => (e: unknown) => EboniteError.isInstance(e, code);
let dir: string;
let client: Ebonite;
let pushed: Model;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ebonite-materialize-'));
  client = await Ebonite.local({ path: join(dir, 'reg') });
  const task = await client.getOrCreateTask('p', 't');
  pushed = await client.pushModel(
    ModelClass.create({
      name: 'm',
      artifacts: {
        'a.bin': Buffer.from('first'),
        'sub/b.txt': Buffer.from('second'),
        'z.bin': Buffer.from('last'),
      },
    }),
    task,
  );
});
afterEach(async () => {
  await client.close();
  await rm(dir, { recursive: true, force: true });
});

describe('materialize', () => {
  it('refuses a symbolic link inside the destination and writes nothing outside it', async () => {
    const out = join(dir, 'out');
    const outside = join(dir, 'outside');
    await mkdir(out);
    await mkdir(outside);
    await symlink(outside, join(out, 'sub'));
    await expect(pushed.files.materialize(out)).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(['sub']);
  });

  it('refuses a link standing where a file goes (it would be written through)', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(dir, 'victim'), 'precious');
    await symlink(join(dir, 'victim'), join(out, 'a.bin'));
    await expect(pushed.files.materialize(out)).rejects.toSatisfy(isCode('E_INVALID_INPUT'));
    expect(await readFile(join(dir, 'victim'), 'utf8')).toBe('precious');
  });

  it('on an integrity failure in the last file, leaves the destination as it was', async () => {
    await writeFile(join(dir, 'reg', 'artifacts', 'model', pushed.id, 'z.bin'), 'LAST');
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'mine.txt'), 'untouched');
    await expect(pushed.files.materialize(out)).rejects.toSatisfy(isCode('E_ARTIFACT_INTEGRITY'));
    expect(await readdir(out)).toEqual(['mine.txt']);
    expect(await readFile(join(out, 'mine.txt'), 'utf8')).toBe('untouched');
  });

  it('into a folder that does not exist: all files, or no folder at all', async () => {
    const out = join(dir, 'new', 'out');
    const written = await pushed.files.materialize(out);
    expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual([
      'a.bin',
      'sub/b.txt',
      'z.bin',
    ]);
    expect(await readFile(join(out, 'sub', 'b.txt'), 'utf8')).toBe('second');
    expect((await readdir(out)).sort()).toEqual(['a.bin', 'sub', 'z.bin']); // no staging left
    await writeFile(join(dir, 'reg', 'artifacts', 'model', pushed.id, 'a.bin'), 'FIRST');
    const other = join(dir, 'other');
    await expect(pushed.files.materialize(other)).rejects.toSatisfy(isCode('E_ARTIFACT_INTEGRITY'));
    expect(existsSync(other)).toBe(false);
  });

  it('with overwrite: false, an existing file fails before anything is written', async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'sub'), { recursive: true });
    await writeFile(join(out, 'sub', 'b.txt'), 'mine');
    await expect(pushed.files.materialize(out, { overwrite: false })).rejects.toSatisfy(
      isCode('E_INVALID_INPUT'),
    );
    expect((await readdir(out)).sort()).toEqual(['sub']);
    expect(await readFile(join(out, 'sub', 'b.txt'), 'utf8')).toBe('mine');
  });
});
