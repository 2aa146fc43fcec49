import { describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';

const s3 = ebonitePlugin.artifact!.s3!;
const invalid = (message: RegExp) =>
  expect.objectContaining({ code: 'E_INVALID_CONFIG', message: expect.stringMatching(message) });

describe('the options of the artifact type s3 (the one rule)', () => {
  it('an unknown key or a wrong type names the key, the type string and the accepted keys', () => {
    expect(() => s3({ bucket: 'b', Bucket: 'b' })).toThrow(
      invalid(
        /^The artifact type "s3": unknown option "Bucket"\. It accepts the options bucket, prefix, endpoint, region, profile, forcePathStyle, createBucket, partSize, queueSize, requestChecksumCalculation, responseChecksumValidation, credentials\.$/,
      ),
    );
    expect(() => s3({ bucket: 'b', partSize: '8MiB' })).toThrow(
      invalid(/^The artifact type "s3": option "partSize" must be a number\. It accepts/),
    );
  });

  it('never echoes a credential in the message', () => {
    let message = '';
    try {
      s3({ bucket: 'b', credentials: { accessKeyId: 'AKIA', secretAccessKey: 7, x: 'hunter2' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/option "credentials" must be an object with string accessKeyId/);
    expect(message).not.toMatch(/AKIA|hunter2/);
  });
});
