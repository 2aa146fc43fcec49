/** What every check's scope offers: removing what the check created, and closing what it opened. */
export interface CheckScope {
  cleanUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs a check inside its scope, then always cleans up and closes (once). A failure to close is reported
 * only when the check itself passed; otherwise the check's own failure is the one to report.
 */
export async function runInScope<S extends CheckScope>(
  scope: S,
  fn: (scope: S) => Promise<void>,
): Promise<void> {
  let passed = false;
  try {
    await fn(scope);
    passed = true;
  } finally {
    await scope.cleanUp();
    await scope.close().catch((error: unknown) => {
      if (passed) throw error;
    });
  }
}
