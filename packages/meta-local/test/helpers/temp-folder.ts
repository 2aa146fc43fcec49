import { temporaryFolders } from '@ebonite/test-utils/temp-folders';
import { afterAll } from 'vitest';

const folders = temporaryFolders();
afterAll(() => folders.cleanup());

/** A new empty folder under the system temp folder, removed after the test file. */
export function tempFolder(): string {
  return folders.makeSync('ebonite-meta-local-');
}
