import { describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';

const local = ebonitePlugin.artifact!.local!;
const invalid = (message: RegExp) =>
  expect.objectContaining({ code: 'E_INVALID_CONFIG', message: expect.stringMatching(message) });

describe('the options of the artifact type local (the one rule)', () => {
  it('an unknown key, a wrong value or no root names the key, the type and the accepted keys', () => {
    expect(() => local({ root: '/tmp/x', rootDir: '/tmp/y' })).toThrow(
      invalid(
        /^The artifact type "local": unknown option "rootDir"\. It accepts the options root, registry, highWaterMark\.$/,
      ),
    );
    expect(() => local({ root: '/tmp/x', highWaterMark: 0 })).toThrow(
      invalid(/"local": option "highWaterMark" must be a positive integer\. It accepts/),
    );
    expect(() => local({ root: 7 })).toThrow(invalid(/option "root" must be a non-empty string/));
    expect(() => local({})).toThrow(invalid(/option "root" is required \(or "registry"\)/));
    expect(() => local({ root: '/tmp/x', registry: '/tmp' })).toThrow(
      invalid(/options "root" and "registry" exclude each other/),
    );
  });

  it('registry: the files of a local registry folder go under its artifacts/', async () => {
    const repo = await local({ registry: '/tmp/reg.json' });
    expect(repo.getConfig?.()).toEqual({ root: '/tmp/reg.json/artifacts' });
  });

  it('getConfig() keeps highWaterMark when it was given', async () => {
    const repo = await local({ root: '/tmp/x', highWaterMark: 4096 });
    expect(repo.getConfig?.()).toEqual({ root: '/tmp/x', highWaterMark: 4096 });
    expect((await local({ root: 'rel' })).getConfig?.()).toEqual({ root: `${process.cwd()}/rel` });
  });
});
