import { describe, expect, it } from 'vitest';
import { EboniteError, ExistingModelError, NoSuchArtifactError } from '../src/index.js';

describe('EboniteError', () => {
  it('carries a code, a message that says what to do, and the cause', () => {
    const cause = new Error('boom');
    const error = new ExistingModelError('resnet', { cause });
    expect(error.code).toBe('E_EXISTING_MODEL');
    expect(error.name).toBe('ExistingModelError');
    expect(error.message).toMatch(/another name|delete/);
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(EboniteError);
  });

  it('isInstance recognises errors from another copy of the package', async () => {
    // A second, separately evaluated copy of the built core, as a duplicate install would give.
    const copy = (await import(
      `${new URL('../dist/index.js', import.meta.url).href}?copy=2`
    )) as typeof import('../src/index.js');
    const foreign = new copy.NoSuchArtifactError('m1', 'a.bin');
    expect(foreign instanceof EboniteError).toBe(false);
    expect(EboniteError.isInstance(foreign)).toBe(true);
    expect(EboniteError.isInstance(foreign, 'E_NO_SUCH_ARTIFACT')).toBe(true);
    expect(EboniteError.isInstance(foreign, 'E_EXISTING_MODEL')).toBe(false);
    expect(copy.EboniteError.isInstance(new NoSuchArtifactError('m1'))).toBe(true);
    expect(EboniteError.isInstance(new Error('plain'))).toBe(false);
    expect(EboniteError.isInstance(null)).toBe(false);
  });
});
