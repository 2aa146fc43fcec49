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
// Larger than the 200 MiB bound, so a repository that held the file in memory would fail; kept at
// 256 MiB so the package's tests stay well under a minute on a shared 2-core machine.
const MEMORY_TEST_SIZE = 256 * MIB;
const child = fileURLToPath(new URL('./push-read-child.mjs', import.meta.url));
let server: S3TestServer;

interface ChildReport {
  size: number;
  readSize: number;
  pushed: string;
  read: string;
  maxRssMiB: number;
}

async function pushAndRead(bucket: string, modelId: string, size: number): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [child, server.endpoint, bucket, modelId, String(size)],
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
  it('pushes and reads back 256 MiB with a peak RSS under 200 MiB', async () => {
    await server.createBucket('memory');
    const report = await pushAndRead('memory', 'big', MEMORY_TEST_SIZE);
    expect(report.size).toBe(MEMORY_TEST_SIZE);
    expect(report.readSize).toBe(MEMORY_TEST_SIZE);
    expect(report.read).toBe(report.pushed);
    expect(report.maxRssMiB).toBeLessThan(200);
  }, 90_000);

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
