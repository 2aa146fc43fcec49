/** The `code` of a Node.js system error (`ENOENT`, `EEXIST`, ...) or of any error that has one, as a string. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}
