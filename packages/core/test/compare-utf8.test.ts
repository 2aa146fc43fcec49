import { describe, expect, it } from 'vitest';
import { compareUtf8 } from '../src/kit/compare-utf8.js';

describe('compareUtf8', () => {
  it('orders strings as their UTF-8 bytes do', () => {
    const words = ['b', 'a', 'ab', '', 'A', '\u{1F600}', '\uFFFD', '\uE000', 'é', 'e', 'z%', 'z_'];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareUtf8)).toEqual(byBytes);
    // JavaScript's own order differs for characters above U+FFFF
    expect([...words].sort()).not.toEqual(byBytes);
  });
});
