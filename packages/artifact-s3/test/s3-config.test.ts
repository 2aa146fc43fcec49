import { S3Client } from '@aws-sdk/client-s3';
import { EboniteError } from '@ebonite/core/plugin';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { uploads as files, readAll } from '@ebonite/test-utils/streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';
import { S3ArtifactRepository, s3Artifacts } from '../src/s3-artifact-repository.js';
import { parseS3Options } from '../src/s3-options.js';

let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('config');
});
afterAll(async () => {
  await server?.stop();
});

function expectInvalidConfig(make: () => unknown, text: string | RegExp): void {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
  expect((error as Error).message).toMatch(text);
}

describe('configuration', () => {
  it('declares the type s3 in the class, the plugin and package.json', () => {
    expect(S3ArtifactRepository.type).toBe('s3');
    expect(s3Artifacts({ bucket: 'b', region: 'us-east-1' }).type).toBe('s3');
    expect(s3Artifacts({ bucket: 'b', region: 'us-east-1' }).specificationVersion).toBe('v1');
    expect(Object.keys(ebonitePlugin.artifact ?? {})).toEqual(['s3']);
    expect(packageJson.ebonite).toEqual({ artifact: ['s3'] });
  });

  it('getConfig() recreates an equivalent repository through the plugin, without secrets the user did not give', async () => {
    const repo = s3Artifacts({
      bucket: 'config',
      prefix: 'p',
      ...server.clientConfig,
      createBucket: false,
    });
    await repo.push('m1', files({ f: 'hello' }));
    const config = repo.getConfig()!;
    expect(config).toEqual({
      bucket: 'config',
      prefix: 'p',
      ...server.clientConfig,
      createBucket: false,
    });
    const again = await ebonitePlugin.artifact!.s3!(JSON.parse(JSON.stringify(config)));
    expect((await readAll(await again.open('m1', 'f'))).toString()).toBe('hello');
    const chain = s3Artifacts({
      bucket: 'config',
      endpoint: server.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
    });
    expect(chain.getConfig()).toEqual({
      bucket: 'config',
      endpoint: server.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
    });
    await Promise.all([repo.close(), again.close(), chain.close()]);
  });

  it('uses an injected S3Client, leaves it open on close(), and has no config to give', async () => {
    const client = new S3Client(server.clientConfig);
    const repo = s3Artifacts({ bucket: 'config', client, prefix: 'injected' });
    await repo.push('m1', files({ f: 'x' }));
    expect(repo.getConfig()).toBeUndefined();
    await repo.close();
    const again = s3Artifacts({ bucket: 'config', client, prefix: 'injected' });
    expect(await again.list('m1')).toEqual([{ name: 'f', size: 1 }]);
    client.destroy();
  });

  it('rejects bad options with InvalidConfigError', () => {
    expectInvalidConfig(() => s3Artifacts({ bucket: '' }), /needs a bucket/);
    expectInvalidConfig(
      () => s3Artifacts({ bucket: 'b', client: new S3Client({}), endpoint: 'http://x' }),
      /either an S3 client or endpoint/,
    );
    expectInvalidConfig(() => s3Artifacts({ bucket: 'b', prefix: 'a//b' }), /prefix/);
    expectInvalidConfig(() => s3Artifacts({ bucket: 'b', prefix: 'a/../b' }), /prefix/);
    expectInvalidConfig(() => s3Artifacts({ bucket: 'b', partSize: 1024 }), /at least 5 MiB/);
    expectInvalidConfig(() => s3Artifacts({ bucket: 'b', queueSize: 0 }), /queueSize/);
    expectInvalidConfig(
      () => parseS3Options({}),
      /The artifact type "s3": option "bucket" is required\. It accepts the options bucket, prefix,/,
    );
    expectInvalidConfig(
      () => parseS3Options({ bucket: 'b', bukket: 'c' }),
      /The artifact type "s3": unknown option "bukket"\. It accepts the options bucket, .*credentials\./,
    );
    expectInvalidConfig(
      () => parseS3Options({ bucket: 'b', forcePathStyle: 'yes' }),
      /forcePathStyle/,
    );
    expectInvalidConfig(
      () => parseS3Options({ bucket: 'b', credentials: { accessKeyId: 'a' } }),
      /secretAccessKey/,
    );
    expectInvalidConfig(
      () => parseS3Options({ bucket: 'b', requestChecksumCalculation: 'NEVER' }),
      /WHEN_REQUIRED/,
    );
  });

  it('accepts every documented JSON option', () => {
    const json = {
      bucket: 'b',
      prefix: 'x/y',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't' },
      profile: 'p',
      createBucket: true,
      partSize: 16 * 1024 * 1024,
      queueSize: 2,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_SUPPORTED',
    };
    expect(parseS3Options(json)).toEqual(json);
    expect(s3Artifacts(parseS3Options(json)).getConfig()).toEqual(json);
  });

  it('region missing with an endpoint: a typed error saying to set it', async () => {
    const saved = {
      AWS_REGION: process.env.AWS_REGION,
      AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION,
      AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
    };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/ebonite-test-config';
    try {
      const repo = s3Artifacts({
        bucket: 'config',
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials: server.clientConfig.credentials,
      });
      const error = await repo.list('m1').catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toMatch(/region/);
      await repo.close();
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });
});
