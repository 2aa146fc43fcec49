import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EboniteError } from '@ebonite/core/plugin';
import { uploads as files } from '@ebonite/test-utils/streams';
import S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

// fauxqs accepts any credentials; s3rver checks the access key id (not the SigV4 signature), so the
// credential tests run against s3rver. Its only account is S3RVER/S3RVER.
const bucket = 'creds';
let dir: string;
let s3rver: S3rver;
let endpoint: string;
const savedEnv = { ...process.env };
const AWS_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
];

function connection() {
  return {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  } as const;
}

async function expectRefused(attempt: Promise<unknown>, s3Code: string): Promise<void> {
  const error = await attempt.catch((e: unknown) => e);
  expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
  expect((error as Error).message).toMatch(/credentials/);
  expect((error as Error).cause).toBeDefined();
  expect(error).toMatchObject({ s3Code, bucket });
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The standard chain must never reach for the EC2 instance metadata endpoint from a test.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  dir = await mkdtemp(join(tmpdir(), 'ebonite-s3rver-'));
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 'data'),
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await s3rver.run();
  endpoint = `http://127.0.0.1:${port}`;
  await writeFile(join(dir, 'config'), '');
  await writeFile(
    join(dir, 'credentials'),
    '[ebonite-good]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n\n[ebonite-bad]\naws_access_key_id = NOBODY\naws_secret_access_key = nothing\n',
  );
});
afterEach(() => {
  for (const name of AWS_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});
afterAll(async () => {
  await s3rver?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('credentials', () => {
  it('wrong explicit credentials: push, list, open and delete fail with a typed error carrying the S3 code', async () => {
    const repo = s3Artifacts({
      bucket,
      ...connection(),
      credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'nothing' },
    });
    await expectRefused(repo.push('m1', files({ f: 'x' })), 'InvalidAccessKeyId');
    await expectRefused(repo.list('m1'), 'InvalidAccessKeyId');
    await expectRefused(repo.open('m1', 'f'), 'InvalidAccessKeyId');
    await expectRefused(repo.delete('m1'), 'InvalidAccessKeyId');
    await repo.close();
  });

  it('right explicit credentials work against the same server', async () => {
    const repo = s3Artifacts({
      bucket,
      ...connection(),
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await repo.push('m-explicit', files({ f: 'x' }));
    expect(await repo.list('m-explicit')).toEqual([{ name: 'f', size: 1 }]);
    await repo.close();
  });

  it('without credentials, the SDK chain reads environment variables', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    const good = s3Artifacts({ bucket, ...connection() });
    expect(await good.list('m-env')).toEqual([]);
    await good.close();
    process.env.AWS_ACCESS_KEY_ID = 'NOBODY';
    const bad = s3Artifacts({ bucket, ...connection() });
    await expectRefused(bad.list('m-env'), 'InvalidAccessKeyId');
    await bad.close();
  });

  it('without credentials, the SDK chain reads a shared-config profile', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    const good = s3Artifacts({ bucket, ...connection(), profile: 'ebonite-good' });
    expect(await good.list('m-profile')).toEqual([]);
    await good.close();
    process.env.AWS_PROFILE = 'ebonite-bad';
    const bad = s3Artifacts({ bucket, ...connection() });
    await expectRefused(bad.list('m-profile'), 'InvalidAccessKeyId');
    await bad.close();
  });

  it('no credentials anywhere: a typed error saying where to put them', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'missing-credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'missing-config');
    const repo = s3Artifacts({ bucket, ...connection() });
    const error = await repo.list('m').catch((e: unknown) => e);
    expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toContain('AWS_ACCESS_KEY_ID');
    expect(error).toMatchObject({ s3Code: 'CredentialsProviderError' });
    await repo.close();
  });
});
