import { describe, expect, it } from 'vitest';
import {
  checkPluginOptions,
  EboniteError,
  type OptionsSpec,
  optionChecks,
  pluginOptionsError,
} from '../src/plugin.js';

const SPEC: OptionsSpec = {
  root: { type: optionChecks.nonEmptyString, required: true },
  size: { type: optionChecks.positiveInteger },
  verbose: { type: 'boolean' },
  extra: { type: 'object' },
};

function messageOf(options: unknown, spec: OptionsSpec = SPEC): string {
  try {
    checkPluginOptions('artifact', 'mytype', options, spec);
  } catch (error) {
    expect(EboniteError.isInstance(error, 'E_INVALID_CONFIG')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected InvalidConfigError');
}

describe('checkPluginOptions, the one rule for options', () => {
  it('returns options that fit the spec, also with optional keys left out', () => {
    const options = { root: '/r', size: 3, verbose: true, extra: { a: 1 } };
    expect(checkPluginOptions('artifact', 'mytype', options, SPEC)).toBe(options);
    expect(checkPluginOptions('artifact', 'mytype', { root: '/r' }, SPEC)).toEqual({ root: '/r' });
  });

  it('names the unknown key, the kind and type string, and every accepted key', () => {
    expect(messageOf({ root: '/r', rot: 1 })).toBe(
      'The artifact type "mytype": unknown option "rot". It accepts the options root, size, verbose, extra.',
    );
  });

  it('names the key of a wrong JSON type or value, and a missing required key', () => {
    expect(messageOf({ root: '/r', verbose: 'yes' })).toMatch(
      /^The artifact type "mytype": option "verbose" must be a boolean\. It accepts the options root, /,
    );
    expect(messageOf({ root: '/r', size: 1.5 })).toMatch(
      /option "size" must be a positive integer/,
    );
    expect(messageOf({ root: '/r', extra: [1] })).toMatch(/option "extra" must be an object/);
    expect(messageOf({ root: '' })).toMatch(/option "root" must be a non-empty string/);
    expect(messageOf({})).toMatch(/option "root" is required/);
  });

  it('rejects options that are not an object, and says when a type takes no options', () => {
    for (const bad of [null, [], 'x', 3])
      expect(messageOf(bad)).toMatch(/options must be an object/);
    expect(messageOf({ path: 'x' }, {})).toBe(
      'The artifact type "mytype": unknown option "path". It accepts no options.',
    );
  });

  it('never takes a key from the prototype chain for an accepted one', () => {
    expect(messageOf({ root: '/r', toString: 'x' })).toMatch(/unknown option "toString"/);
  });

  it('never echoes a value, which may be a secret', () => {
    expect(messageOf({ root: '/r', size: 'hunter2' })).not.toContain('hunter2');
  });

  it('pluginOptionsError gives a plugin’s own checks the same shape, with a cause', () => {
    const cause = new Error('bad url');
    const error = pluginOptionsError('metadata', 'sql', 'option "url" is not a URL', SPEC, cause);
    expect(error.code).toBe('E_INVALID_CONFIG');
    expect(error.message).toMatch(
      /^The metadata type "sql": option "url" is not a URL\. It accepts/,
    );
    expect(error.cause).toBe(cause);
  });

  it('oneOf lists the accepted values', () => {
    const spec: OptionsSpec = { mode: { type: optionChecks.oneOf('a', 'b') } };
    expect(messageOf({ mode: 'c' }, spec)).toMatch(/option "mode" must be one of "a", "b"/);
  });
});
