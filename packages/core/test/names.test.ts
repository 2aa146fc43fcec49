import { describe, expect, it } from 'vitest';
import {
  EboniteError,
  validateArtifactName,
  validateArtifactNames,
  validateName,
} from '../src/index.js';

describe('validateName', () => {
  it.each(['a', 'My Model v2', 'модель', '模型', '🙂', 'x'.repeat(255), 'a.b', '...'])(
    'accepts %j',
    (name) => {
      expect(validateName('model', name)).toBe(name);
    },
  );

  it.each(['', '.', '..', 'a/b', 'a\\b', 'tab\there', 'nul\u0000', 'x'.repeat(256)])(
    'rejects %j with E_INVALID_INPUT',
    (name) => {
      let caught: unknown;
      try {
        validateName('project', name);
      } catch (error) {
        caught = error;
      }
      expect(EboniteError.isInstance(caught, 'E_INVALID_INPUT')).toBe(true);
      expect((caught as Error).message).toContain('project name');
    },
  );
});

describe('validateArtifactName', () => {
  it.each(['model.onnx', 'tokenizer/vocab.txt', 'a/b/c/d.bin', '.hidden'])('accepts %j', (name) => {
    expect(validateArtifactName(name)).toBe(name);
  });

  it.each(['', '/etc/passwd', '../x', 'a/../b', 'a//b', 'a/', 'C:/x', 'a\\b', './a'])(
    'rejects %j',
    (name) => {
      expect(() => validateArtifactName(name)).toThrow(/Invalid artifact name/);
    },
  );

  it('rejects duplicates and a file that is also a folder', () => {
    expect(() => validateArtifactNames(['a', 'a'])).toThrow(/given twice/);
    expect(() => validateArtifactNames(['a', 'a/b'])).toThrow(/also the folder/);
    expect(() => validateArtifactNames(['a/b/c', 'a/b'])).toThrow(/also the folder/);
    expect(validateArtifactNames(['a/b', 'a/c', 'ab'])).toEqual(['a/b', 'a/c', 'ab']);
  });
});
