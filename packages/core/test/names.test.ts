import { describe, expect, it } from 'vitest';
import {
  EboniteError,
  validateArtifactName,
  validateArtifactNames,
  validateName,
} from '../src/plugin.js';

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

describe('artifact name segments (issue 9, item 10)', () => {
  it('accepts a segment of exactly 255 UTF-8 bytes, in ASCII and in multi-byte characters', () => {
    expect(validateArtifactName('a'.repeat(255))).toHaveLength(255);
    expect(validateArtifactName(`dir/${'é'.repeat(127)}x`)).toBeTruthy(); // 254 + 1 bytes
  });

  it.each([
    ['256 ASCII bytes', 'a'.repeat(256)],
    ['128 two-byte characters (256 bytes)', 'é'.repeat(128)],
    ['a long folder segment', `${'模'.repeat(86)}/model.bin`],
  ])('rejects %s with E_INVALID_INPUT', (_what, name) => {
    expect(() => validateArtifactName(name)).toThrow(/longer than 255 bytes in UTF-8/);
  });
});

describe('artifact names that collide on a case-insensitive or normalising file system (item 15)', () => {
  it.each([
    [['Model.bin', 'model.bin']],
    [['a/Weights.bin', 'a/weights.BIN']],
    [['caf\u00e9.txt', 'cafe\u0301.txt']], // NFC and NFD of the same name
    [['Sub/x', 'sub/y', 'SUB']], // a file named like another's folder, under case folding
    [['sub/x', 'SUB']],
  ])('refuses %j', (names) => {
    let caught: unknown;
    try {
      validateArtifactNames(names);
    } catch (error) {
      caught = error;
    }
    expect(EboniteError.isInstance(caught, 'E_INVALID_INPUT')).toBe(true);
  });

  it('accepts names that differ in more than case', () => {
    expect(validateArtifactNames(['a.bin', 'b.bin', 'A/x.bin', 'c/x.bin'])).toHaveLength(4);
  });
});
