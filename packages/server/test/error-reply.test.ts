import { ArtifactIntegrityError, ExistingModelError, RegistryConflictError } from '@ebonite/core';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../src/http/error-reply.js';

describe('an error reply', () => {
  it("carries the fields of the error's class beside its code and message", () => {
    const expected = { size: 3, digest: `sha256:${'0'.repeat(64)}` };
    const actual = { size: 4, digest: `sha256:${'1'.repeat(64)}` };
    const error = new ArtifactIntegrityError('id-1', 'a.bin', expected, actual, {
      cause: new Error('inner'),
    });
    expect(errorReply(error, 1024)).toEqual({
      status: 422,
      body: {
        code: 'E_ARTIFACT_INTEGRITY',
        message: error.message,
        fields: { modelId: 'id-1', artifactName: 'a.bin', expected, actual },
      },
    });
    expect(errorReply(new ExistingModelError('m'), 1024).body.fields).toEqual({ modelName: 'm' });
  });

  it("sends no field that locates files on the server's side, and none that is not JSON", () => {
    const conflict = new RegistryConflictError('/srv/registry/metadata.json', 'two of them');
    expect(errorReply(conflict, 1024).body.fields).toBeUndefined();
    const cyclic = new ExistingModelError('m') as ExistingModelError & { self?: unknown };
    cyclic.self = cyclic;
    expect(errorReply(cyclic, 1024).body).toEqual({
      code: 'E_EXISTING_MODEL',
      message: cyclic.message,
    });
  });
});
