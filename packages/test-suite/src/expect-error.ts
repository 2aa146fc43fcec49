import { EboniteError, type EboniteErrorCode } from '@ebonite/core/plugin';

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return String(JSON.stringify(value)).slice(0, 300);
  } catch {
    return String(value);
  }
}

/**
 * Awaits `promise` and asserts it rejects with an {@link EboniteError} of this code (checked with
 * `EboniteError.isInstance`, so an error from another copy of @ebonite/core counts). Returns the error.
 */
export async function expectEboniteError(
  promise: Promise<unknown>,
  code: EboniteErrorCode,
  what: string,
): Promise<EboniteError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (EboniteError.isInstance(error, code)) return error;
    throw new Error(`${what}: expected an EboniteError with code ${code}, got ${show(error)}`, {
      cause: error,
    });
  }
  throw new Error(
    `${what}: expected a rejection with code ${code}, but it resolved to ${show(value)}`,
  );
}

/** Awaits `promise` and asserts it rejects with anything. Returns the error. */
export async function expectRejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`${what}: expected a rejection, but it resolved to ${show(value)}`);
}
