import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { tempFolder as sharedTempFolder } from '@ebonite/test-utils/temp-folders';

/** A fresh temporary folder, and a function that removes it. */
export const tempFolder = () => sharedTempFolder('ebonite-artifact-fs-');

/** Every path under `dir`, relative, sorted (folders too). */
export async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.map((entry) => entry.split(path.sep).join('/')).sort();
}
