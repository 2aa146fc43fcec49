import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { hashStream } from '@ebonite/test-utils/hashing';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { uploads as files } from '@ebonite/test-utils/streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

// These tests run the repository in child processes from the built package (dist/), with the S3 server
// in another child process, so that a process's peak memory is the repository's alone.
const MIB = 1024 * 1024;
// The bound is on growth: the child's peak RSS above the same child pushing one byte (same Node, same
// SDK loaded), so it says "bounded, whatever the file size" on every Node version (the SDK alone costs
// Node 22 and 24 more than Node 20). Measured growth on the 2-core CI machine: 101 MiB on Node 20, 108
// on 22, 105 on 24 (the parts in flight and the SDK's buffers). A repository that held the file would
// grow by at least its 256 MiB (kept at that so the package's tests stay well under a minute on a
// shared 2-core machine): the `buffered` run (512-545 MiB above) proves the bound sees it.
const MEMORY_TEST_SIZE = 256 * MIB;
const GROWTH_BOUND_MIB = 160;
const child = fileURLToPath(new URL('./push-read-child.mjs', import.meta.url));
let server: S3TestServer;

interface ChildReport {
  size: number;
  readSize: number;
  pushed: string;
  read: string;
  maxRssMiB: number;
}

async function pushAndRead(
  bucket: string,
  modelId: string,
  size: number,
  mode = 'streamed',
): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [child, server.endpoint, bucket, modelId, String(size), mode],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 90_000,
    },
  );
  return JSON.parse(stdout) as ChildReport;
}

beforeAll(async () => {
  if (!existsSync(new URL('../dist/index.js', import.meta.url)))
    throw new Error('Build the package first: pnpm --filter @ebonite/artifact-s3 build');
  server = await startS3Server({ childProcess: true });
});
afterAll(async () => {
  await server?.stop();
});

describe('across processes', () => {
  it('pushes and reads back 256 MiB with a peak RSS under 160 MiB above a 1-byte push', async () => {
    await server.createBucket('memory');
    const baseline = await pushAndRead('memory', 'small', 1);
    const report = await pushAndRead('memory', 'big', MEMORY_TEST_SIZE);
    expect(report.size).toBe(MEMORY_TEST_SIZE);
    expect(report.readSize).toBe(MEMORY_TEST_SIZE);
    expect(report.read).toBe(report.pushed);
    const growth = report.maxRssMiB - baseline.maxRssMiB;
    console.log(`peak RSS ${report.maxRssMiB} MiB, ${growth} MiB above a 1-byte push`);
    expect(growth).toBeLessThan(GROWTH_BOUND_MIB);
    // The same push with the file collected in memory first breaks the bound.
    const buffered = await pushAndRead('memory', 'buffered', MEMORY_TEST_SIZE, 'buffered');
    expect(buffered.read).toBe(report.pushed);
    console.log(
      `the same with the file buffered: ${buffered.maxRssMiB - baseline.maxRssMiB} MiB above`,
    );
    expect(buffered.maxRssMiB - baseline.maxRssMiB).toBeGreaterThanOrEqual(GROWTH_BOUND_MIB);
  }, 180_000);

  it('several processes push, read and delete models in one bucket at once, model 1 apart from model 10 and 11', async () => {
    await server.createBucket('shared');
    const repo = s3Artifacts({ bucket: 'shared', ...server.clientConfig, partSize: 5 * MIB });
    const others = Promise.all([
      pushAndRead('shared', '10', 12 * MIB),
      pushAndRead('shared', '11', 12 * MIB),
    ]);
    for (let round = 0; round < 5; round++) {
      await repo.push('1', files({ 'model.bin': generatedStream(6 * MIB, round + 1) }));
      await repo.delete('1');
    }
    for (const report of await others) expect(report.read).toBe(report.pushed);
    expect(await repo.list('1')).toEqual([]);
    for (const id of ['10', '11']) {
      expect(await repo.list(id)).toEqual([{ name: 'model.bin', size: 12 * MIB }]);
      expect((await hashStream(await repo.open(id, 'model.bin'))).size).toBe(12 * MIB);
    }
    await repo.close();
  }, 90_000);
});
