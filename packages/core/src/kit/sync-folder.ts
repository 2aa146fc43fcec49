import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { errorCode } from './error-code.js';

/**
 * Fsyncs a folder, so that the entries created, renamed or removed in it survive a power loss. A no-op
 * where folders cannot be opened (Windows) or fsynced (`EINVAL` on some file systems).
 */
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (errorCode(error) !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}

/** {@link syncFolder}, synchronously (for exit hooks and code that must not yield). */
export function syncFolderSync(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    if (errorCode(error) !== 'EINVAL') throw error;
  } finally {
    closeSync(fd);
  }
}
