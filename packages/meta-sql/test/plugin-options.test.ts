import { describe, expect, it } from 'vitest';
import { ebonitePlugin } from '../src/index.js';

const invalid = (message: RegExp) =>
  expect.objectContaining({ code: 'E_INVALID_CONFIG', message: expect.stringMatching(message) });
const url = 'sqlite::memory:';

describe('the options of the metadata types sqlalchemy and sql (the one rule)', () => {
  it('an unknown key or a wrong JSON type names the key, the type string and the accepted keys', () => {
    for (const type of ['sqlalchemy', 'sql']) {
      const make = ebonitePlugin.metadata![type]!;
      expect(() => make({ url, table_prefix: 'eb_' })).toThrow(
        invalid(
          new RegExp(
            `^The metadata type "${type}": unknown option "table_prefix"\\. It accepts the options url, tablePrefix, schema, timeoutMs, poolSize, durability\\.$`,
          ),
        ),
      );
      expect(() => make({ url, poolSize: '10' })).toThrow(
        invalid(
          new RegExp(`"${type}": option "poolSize" must be a positive integer\\. It accepts`),
        ),
      );
      expect(() => make({ url, schema: 1 })).toThrow(invalid(/option "schema" must be a string/));
      expect(() => make({})).toThrow(invalid(/option "url" is required/));
    }
  });

  it('keeps its value checks: the URL and durability with the dialect', () => {
    const make = ebonitePlugin.metadata!.sql!;
    expect(() => make({ url: 'oracle://h/db' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_INPUT' }),
    );
    expect(() => make({ url, durability: 'fast' })).toThrow(invalid(/durability.*"fast"/));
  });
});
