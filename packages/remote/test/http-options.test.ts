import { describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/plugin.js';

const invalid = (message: RegExp) =>
  expect.objectContaining({ code: 'E_INVALID_CONFIG', message: expect.stringMatching(message) });

describe('the options of the metadata and artifact type http (the one rule)', () => {
  it('an unknown key or a wrong type names the key, the kind, the type string and the accepted keys', () => {
    const url = 'http://127.0.0.1:1';
    for (const kind of ['metadata', 'artifact'] as const) {
      const make = ebonitePlugin[kind]!.http!;
      expect(() => make({ url, timeout: 5 })).toThrow(
        invalid(
          new RegExp(
            `^The ${kind} type "http": unknown option "timeout"\\. It accepts the options url, token, timeoutMs, transport\\.$`,
          ),
        ),
      );
      expect(() => make({ url, timeoutMs: -1 })).toThrow(
        invalid(
          new RegExp(`^The ${kind} type "http": option "timeoutMs" must be a positive number`),
        ),
      );
      expect(() => make({ url, token: 42 })).toThrow(invalid(/option "token" must be a string/));
      expect(() => make({})).toThrow(invalid(/option "url" is required/));
    }
  });
});
