import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { isRegistryMarkerId } from '@ebonite/core/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonite, startEbonite, tempProject, waitFor } from './helpers/cli.js';
import { artifactIds, bytes, expectSameRegistry, fill, inventory } from './helpers/registry.js';

const MIB = 1024 * 1024;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempProject());
});
afterAll(() => cleanup());

/** The lines `copy` printed so far for models done. */
const copiedSoFar = (stderr: string) =>
  [...stderr.matchAll(/^(copied|skipped) \S+ \((\d+)\/(\d+) models/gm)].length;

describe('interrupted commands on local registries', () => {
  it('a copy killed part-way, run again, ends with exactly the source’s models, none twice', async () => {
    const source = await Ebonite.local({ path: join(dir, 'source') });
    await fill(source, 'vision', 'detector', 24, 2 * MIB);
    await fill(source, 'vision', 'segmenter', 6, 2 * MIB);
    const copy = ['--config', 'source', 'copy', '--to', 'target', '--concurrency', '2'];

    const first = startEbonite(copy, { cwd: dir });
    await waitFor(
      'a few models copied',
      () => copiedSoFar(first.stderr()) >= 3 || first.child.exitCode !== null,
    );
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const target = await Ebonite.local({ path: join(dir, 'target') });
    const partial = await inventory(target);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(30);
    await target.close();

    const second = await ebonite(copy, { cwd: dir });
    expect(second.stderr).not.toContain('ebonite:');
    expect(second.code, second.stderr).toBe(0);
    const copied = Number(/copied (\d+) models?/.exec(second.stdout)![1]);
    const skipped = Number(/skipped (\d+) already there/.exec(second.stdout)![1]);
    expect(copied + skipped).toBe(30);
    expect(skipped).toBeGreaterThanOrEqual(partial.length);

    const reopened = await Ebonite.local({ path: join(dir, 'target') });
    await expectSameRegistry(source, reopened, expect);
    await reopened.close();
    const third = await ebonite([...copy, '--json'], { cwd: dir });
    expect(JSON.parse(third.stdout).models).toEqual({ copied: 0, skipped: 30, failed: 0 });
    await source.close();
  });

  it('check finds the orphan a killed push leaves and a tampered artifact; --repair removes only the orphan', async () => {
    const registry = join(dir, '.ebonite');
    const client = await Ebonite.local({ path: registry });
    const [kept] = await fill(client, 'p', 't', 1, 1000);
    await client.close();
    await writeFile(join(dir, 'big.bin'), bytes(32 * MIB, 7));

    // Once the push has read the metadata and streams its file, take the metadata lock (as another writer
    // would): the push stores its files, then waits to commit its metadata; kill it there.
    const lock = join(registry, 'metadata.json.lock');
    const push = startEbonite(['push', 'p/t/crashed', 'big.bin'], { cwd: dir });
    await waitFor(
      'the push to stream its file',
      () => push.stderr().includes('pushing big.bin') || push.child.exitCode !== null,
    );
    await waitFor('the metadata lock', () =>
      mkdir(lock).then(
        () => true,
        () => false,
      ),
    );
    const stored = async () =>
      (await readdir(join(registry, 'artifacts', 'model'))).filter(
        (id) => id !== kept!.id && !isRegistryMarkerId(id),
      );
    await waitFor(
      'the push to store its files',
      async () => (await stored()).length > 0 || push.child.exitCode !== null,
    );
    push.child.kill('SIGKILL');
    const pushed = await push.done;
    expect(pushed.signal, pushed.stderr).toBe('SIGKILL');
    await rmdir(lock);
    const [orphanId] = await stored();

    const file = join(registry, 'artifacts', 'model', kept!.id, 'weights.bin');
    const tampered = await readFile(file);
    tampered[500] = tampered[500]! ^ 0x80;
    await writeFile(file, tampered);

    const found = await ebonite(['check'], { cwd: dir });
    expect(found.code, found.stderr).toBe(5);
    // Fresh orphans may be a push in flight: reported, left alone within the grace period (10 minutes by default).
    expect(found.stdout).toContain(
      `orphan ${orphanId}: 1 file, 32.0 MiB no metadata points to (recent: left alone, it may be a push in progress)\n`,
    );
    expect(found.stdout).toMatch(
      /digest\s+p\/t\/model-000: artifact "weights.bin" reads as sha256:\w+, expected sha256:\w+/,
    );
    expect(found.stdout).toContain('1 problem, 1 orphan');

    const quick = await ebonite(['check', '--quick', '--json', '--grace', '0'], { cwd: dir });
    expect(JSON.parse(quick.stdout)).toMatchObject({
      problems: [],
      orphans: [{ modelId: orphanId, recent: false, removed: false }],
      ok: false,
    });

    const repaired = await ebonite(['check', '--repair', '--grace', '0'], { cwd: dir });
    expect(repaired.code, repaired.stderr).toBe(5);
    expect(repaired.stdout).toContain(
      `orphan ${orphanId}: 1 file, 32.0 MiB no metadata points to (removed)`,
    );
    const after = await Ebonite.local({ path: registry });
    expect(await artifactIds(after)).toEqual([kept!.id]);
    expect((await readFile(file)).equals(tampered)).toBe(true);
    await after.close();

    tampered[500] = tampered[500]! ^ 0x80;
    await writeFile(file, tampered);
    const clean = await ebonite(['check'], { cwd: dir });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('0 problems, 0 orphans; ok');
  });
});

describe('copies running at the same time', () => {
  it('two copy processes into one target both finish, and the target holds every model once', async () => {
    const source = await Ebonite.local({ path: join(dir, 'concurrent-source') });
    await fill(source, 'p', 't', 40, MIB);
    const copy = [
      '--config',
      'concurrent-source',
      'copy',
      '--to',
      'concurrent-target',
      '--concurrency',
      '2',
    ];
    const results = await Promise.all([ebonite(copy, { cwd: dir }), ebonite(copy, { cwd: dir })]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const copied = results.map((r) => Number(/copied (\d+) models?/.exec(r.stdout)![1]));
    expect(copied[0]! + copied[1]!).toBeGreaterThanOrEqual(40);
    const target = await Ebonite.local({ path: join(dir, 'concurrent-target') });
    await expectSameRegistry(source, target, expect);
    await target.close();
    await source.close();
  });
});
