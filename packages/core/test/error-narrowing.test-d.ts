// Type-level test, checked by `tsc` (`pnpm typecheck`), never run: `EboniteError.isInstance` with a
// code narrows to that code's class, so callers read its fields without a cast. If the narrowing
// broke (to `EboniteError`, or to `any`), the `toEqualTypeOf` lines fail, and so do the
// `@ts-expect-error` lines, which then no longer have an error to expect.
import { expectTypeOf } from 'vitest';
import {
  type ArtifactIntegrityError,
  type ArtifactSourceError,
  EboniteError,
  type EboniteErrorCode,
} from '../src/index.js';

declare const caught: unknown;

if (EboniteError.isInstance(caught, 'E_ARTIFACT_INTEGRITY')) {
  expectTypeOf(caught).toEqualTypeOf<ArtifactIntegrityError>();
  expectTypeOf(caught.expected).toEqualTypeOf<{ size: number; digest: string }>();
  expectTypeOf(caught.actual.digest).toEqualTypeOf<string>();
  expectTypeOf(caught.code).toEqualTypeOf<'E_ARTIFACT_INTEGRITY'>();
  // @ts-expect-error an integrity error has no such field
  caught.nonExistentField;
}

if (EboniteError.isInstance(caught, 'E_ARTIFACT_SOURCE')) {
  expectTypeOf(caught).toEqualTypeOf<ArtifactSourceError>();
  // @ts-expect-error another code's class has other fields: a source error has no `expected`
  caught.expected;
}

if (EboniteError.isInstance(caught)) {
  expectTypeOf(caught).toEqualTypeOf<EboniteError>();
  expectTypeOf(caught.code).toEqualTypeOf<EboniteErrorCode>();
  // @ts-expect-error without a code, only the base class's fields
  caught.expected;
}
