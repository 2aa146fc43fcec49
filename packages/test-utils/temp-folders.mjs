// Temporary folders for tests and benchmarks, always removed afterwards.
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder (under `parent`, the OS's temp folder by default), and a function that removes it. */
export async function tempFolder(prefix, parent = tmpdir()) {
  const dir = await mkdtemp(join(parent, prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `work` in a fresh temporary folder and removes the folder afterwards, whatever happened. */
export async function withTempFolder(prefix, work, parent = tmpdir()) {
  const { dir, cleanup } = await tempFolder(prefix, parent);
  try {
    return await work(dir);
  } finally {
    await cleanup();
  }
}

/**
 * A set of temporary folders made one by one (`make`, or `makeSync` where a test needs one at once)
 * and removed together (`cleanup`, e.g. in afterAll).
 */
export function temporaryFolders() {
  const made = [];
  return {
    async make(prefix) {
      const { dir } = await tempFolder(prefix);
      made.push(dir);
      return dir;
    },
    makeSync(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
