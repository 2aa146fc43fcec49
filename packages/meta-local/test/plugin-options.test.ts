import { describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';
import { tempFolder } from './helpers/temp-folder.js';

const { local, inmemory } = ebonitePlugin.metadata!;
const invalid = (message: RegExp) =>
  expect.objectContaining({ code: 'E_INVALID_CONFIG', message: expect.stringMatching(message) });

describe('the options of the metadata types local and inmemory (the one rule)', () => {
  it('local: an unknown key, a wrong type or no path names the key, the type and the accepted keys', () => {
    const path = tempFolder();
    expect(() => local!({ path, stalelockMs: 5000 })).toThrow(
      invalid(
        /^The metadata type "local": unknown option "stalelockMs"\. It accepts the options path, registry, staleLockMs, compactAfterBytes\.$/,
      ),
    );
    expect(() => local!({ path, compactAfterBytes: '1mb' })).toThrow(
      invalid(/"local": option "compactAfterBytes" must be a number\. It accepts the options path/),
    );
    expect(() => local!({})).toThrow(
      invalid(/"local": option "path" is required \(or "registry"\)/),
    );
    expect(() => local!({ path, registry: path })).toThrow(
      invalid(/options "path" and "registry" exclude each other/),
    );
    expect(() => local!({ path: '' })).toThrow(invalid(/option "path" must be a non-empty string/));
  });

  it('registry: a local registry folder, whatever its name, keeps metadata.json in it', async () => {
    const folder = `${tempFolder()}/reg.json`;
    const repo = await local!({ registry: folder });
    expect(repo.getConfig?.()).toEqual({ path: `${folder}/metadata.json` });
    await repo.close();
  });

  it('inmemory takes no options', () => {
    expect(() => inmemory!({ path: '/tmp/x' })).toThrow(
      invalid(/^The metadata type "inmemory": unknown option "path"\. It accepts no options\.$/),
    );
  });
});
