import path from 'node:path';

/** Every folder between `base` (included) and the folder holding `file`, for fsyncing new entries. */
export function foldersUpTo(base: string, file: string): string[] {
  const folders = [base];
  for (let dir = path.dirname(file); dir.startsWith(base + path.sep); dir = path.dirname(dir))
    folders.push(dir);
  return folders;
}
