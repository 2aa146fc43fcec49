import { parseRegistryPath } from '@ebonite/core';
import { describe, expect, it } from 'vitest';
import { isCode } from './registry-helpers.js';

describe('parseRegistryPath', () => {
  it('reads one to three names', () => {
    expect(parseRegistryPath('')).toEqual({});
    expect(parseRegistryPath('p')).toEqual({ project: 'p' });
    expect(parseRegistryPath('p/t')).toEqual({ project: 'p', task: 't' });
    expect(parseRegistryPath('p/t/m', { min: 3, max: 3 })).toEqual({
      project: 'p',
      task: 't',
      model: 'm',
    });
  });

  it('rejects too few or too many parts, and invalid names, saying what it expects', () => {
    expect(() => parseRegistryPath('p/t', { min: 3, max: 3 })).toThrow(
      /expected project\/task\/model/,
    );
    expect(() => parseRegistryPath('p/t/m/x')).toThrow(/expected \[project\[\/task\[\/model\]\]\]/);
    let error: unknown;
    try {
      parseRegistryPath('p//m');
    } catch (e) {
      error = e;
    }
    expect(error).toSatisfy(isCode('E_INVALID_INPUT'));
    expect(() => parseRegistryPath('', { min: 1, max: 3 })).toThrow(
      /expected project\[\/task\[\/model\]\]/,
    );
    expect(() => parseRegistryPath('a/b/c', { max: 2 })).toThrow(/expected \[project\[\/task\]\]/);
  });
});
