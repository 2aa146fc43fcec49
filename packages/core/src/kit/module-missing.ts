/**
 * Whether `error` (from `import()` or `require`) says that `packageName` itself is not installed, as
 * opposed to the package failing while it loads (a missing dependency of its own, a syntax error).
 */
export function isModuleMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    (String(message).includes(`'${packageName}'`) || String(message).includes(`'${packageName}/`))
  );
}
