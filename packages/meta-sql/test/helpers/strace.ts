import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/** Why strace cannot count syscalls here, or undefined when it can. */
export function straceUnavailable(): string | undefined {
  try {
    execFileSync('strace', ['-f', '-e', 'trace=fsync', '-o', '/dev/null', 'true'], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    return undefined;
  } catch (error) {
    return `strace cannot trace here (${(error as Error).message.split('\n')[0]}); install it (apt-get install strace)`;
  }
}

/**
 * Runs `node args...` under strace and returns, for every file the process synced (fsync or
 * fdatasync), how many times it did.
 */
export async function syncsOf(args: string[], log: string): Promise<Map<string, number>> {
  await promisify(execFile)(
    'strace',
    ['-f', '-y', '-e', 'trace=fsync,fdatasync', '-o', log, process.execPath, ...args],
    { timeout: 120_000 },
  );
  const counts = new Map<string, number>();
  // a call looks like `1234  fdatasync(12</tmp/x/registry.db-wal>) = 0`, possibly split by
  // `<unfinished ...>` / `<... fdatasync resumed>` when threads interleave: count the starts
  for (const match of readFileSync(log, 'utf8').matchAll(/\b(?:fsync|fdatasync)\(\d+<([^>]*)>/g))
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  return counts;
}
