import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTypes } from '../src/resolve/builtin-types.js';

// The built-in map cannot drift from what the packages declare: every "ebonite" field of a workspace
// package under @ebonite/ is exactly the map's entries for that package, and the reverse.
const packagesDir = resolve(import.meta.dirname, '../..');

function declared(): Record<'metadata' | 'artifact' | 'wrapper', Record<string, string>> {
  const found = { metadata: {}, artifact: {}, wrapper: {} } as Record<
    string,
    Record<string, string>
  >;
  for (const folder of readdirSync(packagesDir)) {
    let json: { name?: string; private?: boolean; ebonite?: Record<string, string[]> };
    try {
      json = JSON.parse(readFileSync(join(packagesDir, folder, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!json.name?.startsWith('@ebonite/') || json.private || !json.ebonite) continue;
    for (const [kind, types] of Object.entries(json.ebonite))
      for (const type of types) found[kind]![type] = json.name;
  }
  return found as never;
}

describe('builtinTypes', () => {
  it('is exactly what the @ebonite packages declare in their package.json "ebonite" fields', () => {
    expect(builtinTypes).toEqual(declared());
  });
});
