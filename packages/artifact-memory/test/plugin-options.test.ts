import { describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';

describe('the options of the artifact type inmemory (the one rule)', () => {
  it('takes no options: any key is InvalidConfigError naming it and the type', () => {
    expect(() => ebonitePlugin.artifact!.inmemory!({ root: '/tmp' })).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_CONFIG',
        message: 'The artifact type "inmemory": unknown option "root". It accepts no options.',
      }),
    );
  });
});
