import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { uploads } from '@ebonite/test-utils/streams';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalArtifactRepository, localArtifacts } from '../src/index.js';
import { tempFolder, tree } from './helpers.js';

// Children import the built package: run `pnpm --filter @ebonite/artifact-fs build` first.
const MiB = 1024 * 1024;
let dir: string;
let root: string;
let cleanup: () => Promise<void>;
let repo: LocalArtifactRepository;

beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder());
  root = path.join(dir, 'store');
  repo = localArtifacts({ root });
});
afterEach(() => cleanup());

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('streamed writes', () => {
  it('writes chunks of any size byte for byte (cut into pieces, tiny ones gathered)', async () => {
    const chunks = [
      ...Array.from({ length: 2500 }, (_, i) => Buffer.from([i & 255])), // more than IOV_MAX at once
      Buffer.alloc(0),
      Buffer.alloc(128 * 1024 - 1, 7),
      Buffer.alloc(3 * MiB + 5, 9).fill(3, MiB, 2 * MiB),
      new Uint8Array([1, 2, 3]),
      Buffer.alloc(17, 5),
    ];
    const expected = Buffer.concat(chunks);
    const stored = await repo.push(
      'm1',
      uploads({ 'w/odd.bin': Readable.from(chunks, { objectMode: false }), text: 'as a string' }),
    );
    expect(stored).toEqual([
      { name: 'w/odd.bin', size: expected.length },
      { name: 'text', size: 11 },
    ]);
    expect(sha256(await readFile(path.join(root, 'model/m1/w/odd.bin')))).toBe(sha256(expected));
    const fromStrings = Readable.from(['as ', 'strings']);
    await repo.push('m2', uploads({ s: fromStrings }));
    expect(await readFile(path.join(root, 'model/m2/s'), 'utf8')).toBe('as strings');
  });

  it('keeps working when the store, or model/ alone, is removed between pushes', async () => {
    await repo.push('m1', uploads({ a: 'one' }));
    await rm(root, { recursive: true });
    await repo.push('m2', uploads({ 'b/c': 'two' }));
    expect(await tree(path.join(root, 'model'))).toEqual(['m2', 'm2/b', 'm2/b/c']);
    await rm(path.join(root, 'model'), { recursive: true });
    await repo.push('m3', uploads({ d: 'three' }));
    expect(await tree(path.join(root, 'model'))).toEqual(['m3', 'm3/d']);
    expect(await tree(path.join(root, '.tmp'))).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')(
    'a write the disk refuses (file size limit) fails the push, stops the source and leaves nothing',
    async () => {
      // ulimit -f counts 512-byte blocks: 1 MiB, so the first writes of the 4 MiB file pass, later ones fail
      const { stdout } = await promisify(execFile)('sh', [
        '-c',
        'ulimit -f 2048 && exec "$0" "$@"',
        process.execPath,
        fixture('write-limit-child.mjs'),
        root,
      ]);
      expect(JSON.parse(stdout.trim())).toEqual({
        event: 'failed',
        code: 'EFBIG',
        sourceDestroyed: true,
      });
      expect(await tree(path.join(root, 'model'))).toEqual(['small', 'small/fits.txt']);
      expect(await tree(path.join(root, '.tmp'))).toEqual([]);
    },
  );
});

const hasStrace =
  process.platform === 'linux' && spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasStrace)('fsyncs of a push (counted with strace)', () => {
  it('syncs each file once, each folder whose entries changed once, and nothing else', async () => {
    const log = path.join(dir, 'strace.log');
    const run = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-y',
        '-e',
        'trace=fsync,fdatasync,statx,newfstatat,stat',
        '-o',
        log,
        process.execPath,
        fixture('sync-count-child.mjs'),
        root,
      ],
      { stdio: 'inherit' },
    );
    expect(run.status).toBe(0);
    const syncs: Record<string, string[]> = {};
    let current = '';
    for (const line of (await readFile(log, 'utf8')).split('\n')) {
      const marked = /ebonite-mark-(\w+)/.exec(line);
      if (marked) current = marked[1]!;
      const synced = /f(?:data)?sync\(\d+<([^>]*)>/.exec(line); // "= 0" may come on a later line
      if (!synced || !current) continue;
      const list = syncs[current] ?? [];
      syncs[current] = list;
      list.push(path.relative(root, synced[1]!).replace(/push-[0-9a-f-]+/, 'staging'));
    }
    for (const list of Object.values(syncs)) list.sort();
    expect(syncs.one).toEqual(['.tmp/staging', '.tmp/staging/weights.bin', 'model']);
    expect(syncs.nested).toEqual([
      '.tmp/staging',
      '.tmp/staging/a',
      '.tmp/staging/a/b',
      '.tmp/staging/a/b/w.bin',
      '.tmp/staging/a/b/x.bin',
      '.tmp/staging/a/c.bin',
      'model',
    ]);
    // the first push of a repository also makes model/ and .tmp/, and syncs the folders above them
    expect(syncs.first).toEqual(
      expect.arrayContaining([
        '.tmp/staging',
        '.tmp/staging/weights.bin',
        'model',
        '',
        path.relative(root, dir),
      ]),
    );
  });
});
