import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { s3Artifacts } from '@ebonite/artifact-s3';
import { Ebonite } from '@ebonite/core';
import { isRegistryMarkerId } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonite, startEbonite, tempProject, waitFor } from './helpers/cli.js';
import { artifactIds, bytes, expectSameRegistry, fill, inventory } from './helpers/registry.js';
import { dropSchema, PG_URL, postgresAvailable } from './helpers/services.js';

// The CLI against `sqlalchemy` (PostgreSQL, a fresh schema) + `s3` (a local S3-protocol server), from a
// user project that installs @ebonite/meta-sql and @ebonite/artifact-s3, through a saved client config.
const MIB = 1024 * 1024;
const available = await postgresAvailable('the CLI tests on sqlalchemy + s3');
const schema = `ebonite_cli_${randomBytes(4).toString('hex')}`;
const bucket = `ebonite-cli-${randomBytes(4).toString('hex')}`;
let dir: string;
let cleanup: () => Promise<void>;
let server: S3TestServer;

/** A client on the remote registry, for looking at it directly. */
const remote = () =>
  new Ebonite(
    sqlMetadata({ url: PG_URL, schema }),
    s3Artifacts({
      bucket,
      endpoint: server.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );

describe.skipIf(!available)('ebonite on sqlalchemy (PostgreSQL) + s3', () => {
  beforeAll(async () => {
    ({ dir, cleanup } = await tempProject(['@ebonite/meta-sql', '@ebonite/artifact-s3']));
    server = await startS3Server({ childProcess: true });
    await server.createBucket(bucket);
    const client = remote();
    await client.saveClientConfig(join(dir, 'remote.json'));
    await client.close();
  });
  afterAll(async () => {
    await server?.stop();
    await dropSchema(schema);
    await cleanup?.();
  });

  it('pushes, lists, shows and pulls through the saved config', async () => {
    await writeFile(join(dir, 'w.bin'), bytes(MIB + 3, 1));
    const env = { EBONITE_CONFIG: join(dir, 'remote.json') };
    const pushed = await ebonite(['push', 'nlp/sentiment/v1', 'w.bin', '-p', 'epochs=3'], {
      cwd: dir,
      env,
    });
    expect(pushed.code, pushed.stderr).toBe(0);
    const ls = await ebonite(['ls', 'nlp/sentiment'], { cwd: dir, env });
    expect(ls.stdout).toMatch(/\nv1\s+[0-9a-f-]{36}\s+\S+ \S+\s+\S+\s+1\.0 MiB\s+1\n/);
    const show = JSON.parse(
      (await ebonite(['show', 'nlp/sentiment/v1', '--json'], { cwd: dir, env })).stdout,
    );
    expect(show.model.params).toEqual({ epochs: 3 });
    expect(await server.listKeys(bucket, `model/${show.model.id}/`)).toEqual([
      `model/${show.model.id}/w.bin`,
    ]);
    const pulled = await ebonite(['pull', 'nlp/sentiment/v1', 'out'], { cwd: dir, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await readFile(join(dir, 'out', 'w.bin'))).equals(bytes(MIB + 3, 1))).toBe(true);
    const removed = await ebonite(['rm', 'nlp', '--cascade', '--yes'], { cwd: dir, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(await server.listKeys(bucket, `model/${show.model.id}/`)).toEqual([]);
  });

  it('a copy from a local registry killed part-way, run again, ends with exactly the source’s models', async () => {
    const source = await Ebonite.local({ path: join(dir, 'source') });
    await fill(source, 'vision', 'detector', 30, 2 * MIB);
    const copy = ['--config', 'source', 'copy', '--to', 'remote.json'];

    const first = startEbonite(copy, { cwd: dir });
    await waitFor(
      'a few models copied',
      () => /^copied \S+ \(3\/30 models/m.test(first.stderr()) || first.child.exitCode !== null,
    );
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const target = remote();
    const partial = (await inventory(target)).length;
    expect(partial).toBeGreaterThanOrEqual(3);
    expect(partial).toBeLessThan(30);

    const second = await ebonite(copy, { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(
      new RegExp(`copied ${30 - partial} models .*, skipped ${partial} already there`),
    );
    await expectSameRegistry(source, target, expect);
    const third = await ebonite([...copy, '--json'], { cwd: dir });
    expect(JSON.parse(third.stdout).models).toEqual({ copied: 0, skipped: 30, failed: 0 });
    await target.close();
    await source.close();
  });

  it('check finds the orphan a killed push leaves in the bucket and a tampered object; --repair removes only the orphan', async () => {
    const env = { EBONITE_CONFIG: join(dir, 'remote.json') };
    const client = remote();
    const before = new Set(await artifactIds(client));
    await writeFile(join(dir, 'a.json'), '{"small":true}');
    await writeFile(join(dir, 'b.bin'), bytes(48 * MIB, 3));

    // The push uploads a.json, then streams b.bin; once a.json is in the bucket, kill it: its metadata is never committed.
    const push = startEbonite(['push', 'crash/t/m', 'a.json', 'b.bin'], { cwd: dir, env });
    let orphanId = '';
    await waitFor('the first file in the bucket', async () => {
      const keys = await server.listKeys(bucket, 'model/');
      orphanId =
        keys
          .map((k) => k.split('/')[1]!)
          .find((id) => !before.has(id) && !isRegistryMarkerId(id)) ?? '';
      return orphanId !== '' || push.child.exitCode !== null;
    });
    push.child.kill('SIGKILL');
    const pushed = await push.done;
    expect(pushed.signal, pushed.stderr).toBe('SIGKILL');
    expect(await client.meta.getModelById(orphanId)).toBeNull();

    const [victim] = await inventory(client);
    const weights = victim!.record.artifacts.find((a) => a.name === 'weights.bin')!;
    const original = bytes(weights.size, Number(victim!.record.params.i));
    const tampered = Buffer.from(original);
    tampered[12345] = tampered[12345]! ^ 0x01;
    await server.putObject(bucket, `model/${victim!.id}/weights.bin`, tampered);

    const found = await ebonite(['check', '--json', '--grace', '0'], { cwd: dir, env });
    expect(found.code, found.stderr).toBe(5);
    const report = JSON.parse(found.stdout);
    expect(report.problems.map((p: { path: string; kind: string }) => [p.path, p.kind])).toEqual([
      [victim!.path, 'digest'],
    ]);
    expect(report.orphans).toEqual([
      {
        modelId: orphanId,
        files: [{ name: 'a.json', size: 14 }],
        size: 14,
        lastModified: expect.any(String),
        recent: false,
        removed: false,
      },
    ]);

    const repaired = await ebonite(['check', '--repair', '--grace', '0'], { cwd: dir, env });
    expect(repaired.code, repaired.stderr).toBe(5);
    expect(repaired.stdout).toContain(
      `orphan ${orphanId}: 1 file, 14 B no metadata points to (removed)`,
    );
    expect(await server.listKeys(bucket, `model/${orphanId}/`)).toEqual([]);
    expect((await artifactIds(client)).includes(victim!.id)).toBe(true);

    await server.putObject(bucket, `model/${victim!.id}/weights.bin`, original);
    const clean = await ebonite(['check'], { cwd: dir, env });
    expect(clean.code, clean.stdout).toBe(0);
    await client.close();
  });
});
