import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder under the system temp folder, removed after the test file. */
export function tempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ebonite-meta-local-'));
  made.push(folder);
  return folder;
}
