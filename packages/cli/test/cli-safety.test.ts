import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonite, tempProject } from './helpers/cli.js';

// Issue 9, items 8 and 13, as a user meets them on the command line.
let dir: string;
let cleanup: () => Promise<void>;
const run = (args: string[]) => ebonite(args, { cwd: dir });

beforeAll(async () => {
  ({ dir, cleanup } = await tempProject());
  await mkdir(join(dir, 'model'), { recursive: true });
  await writeFile(join(dir, 'model', '__proto__'), 'a file named __proto__');
  await writeFile(join(dir, 'model', 'constructor'), 'a file named constructor');
  await writeFile(join(dir, 'model', 'weights.bin'), 'weights');
});
afterAll(() => cleanup());

describe('ebonite push and pull', () => {
  it('stores a file named __proto__ and a --param __proto__ like any other', async () => {
    const pushed = await run([
      'push',
      'p/t/m',
      'model',
      '--param',
      '__proto__=1',
      '--param',
      'constructor="c"',
    ]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const client = await Ebonite.local({ path: join(dir, '.ebonite') });
    const model = await client.getModel('m', (await client.getTask('p', 't'))!);
    expect((await model!.files.list()).map((a) => a.name)).toEqual([
      '__proto__',
      'constructor',
      'weights.bin',
    ]);
    expect(Object.keys(model!.params)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(model!.params)).toBe('{"__proto__":1,"constructor":"c"}');
    await client.close();
    const pulled = await run(['pull', 'p/t/m', 'out']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await readFile(join(dir, 'out', '__proto__'), 'utf8')).toBe('a file named __proto__');
  });

  it('pull refuses a link inside the destination and writes nothing through it', async () => {
    await mkdir(join(dir, 'outside'));
    await mkdir(join(dir, 'dest'));
    await symlink(join(dir, 'outside', 'w.bin'), join(dir, 'dest', 'weights.bin'));
    const pulled = await run(['pull', 'p/t/m', 'dest', '--force']);
    expect(pulled.code).not.toBe(0);
    expect(pulled.stderr).toMatch(/symbolic link/);
    expect(await readdir(join(dir, 'outside'))).toEqual([]);
    expect((await readdir(join(dir, 'dest'))).sort()).toEqual(['weights.bin']);
  });

  it('pull of a model with a corrupted file leaves the destination without any of its files', async () => {
    const client = await Ebonite.local({ path: join(dir, '.ebonite') });
    const model = await client.getModel('m', (await client.getTask('p', 't'))!);
    await client.close();
    await writeFile(
      join(dir, '.ebonite', 'artifacts', 'model', model!.id, 'weights.bin'),
      'WEIGHTS',
    );
    const pulled = await run(['pull', 'p/t/m', 'broken']);
    expect(pulled.code).toBe(5);
    expect(existsSync(join(dir, 'broken'))).toBe(false);
  });
});
