import { closeSync, linkSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { CorruptedStoreError, errorCode } from '@ebonite/core/plugin';
import { appendAll, createAppendable, syncData, syncFolder, uniqueSibling } from './durable-io.js';
import { type FileIdentity, identityAt, sameFile } from './file-identity.js';

// Creating and removing the journal never works blindly on its path: a process that stalled past the
// stale lock time between a check and the step would otherwise replace or remove a journal that
// another process has started meanwhile, and with it acknowledged writes.

/** File systems without hard links answer link() with one of these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates the journal with its header, durable, and returns it open for appending; null when a
 * journal appeared at the path meanwhile (another process started one: this one's view is outdated).
 * The header is written to a temporary file first and linked into place, so the journal never exists
 * without its header and an existing one is never replaced.
 */
export async function createJournal(journal: string, header: Buffer): Promise<number | null> {
  const temp = uniqueSibling(journal, 'new');
  const fd = createAppendable(temp);
  let linked: 'linked' | 'exists' | 'unsupported';
  try {
    appendAll(fd, header);
    await syncData(fd);
    linked = link(temp, journal);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  unlinkSync(temp);
  if (linked !== 'linked') closeSync(fd);
  if (linked === 'exists') return null;
  if (linked === 'unsupported') return createInPlace(journal, header);
  syncFolder(path.dirname(journal));
  return fd;
}

function link(from: string, to: string): 'linked' | 'exists' | 'unsupported' {
  try {
    linkSync(from, to);
    return 'linked';
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return 'exists';
    if (NO_LINKS.has(errorCode(error) ?? '')) return 'unsupported';
    throw error;
  }
}

/** Without hard links: create the journal exclusively in place (a reader may see it briefly without its header, which it treats as no journal). */
async function createInPlace(journal: string, header: Buffer): Promise<number | null> {
  let fd: number;
  try {
    fd = createAppendable(journal);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return null;
    throw error;
  }
  try {
    appendAll(fd, header);
    await syncData(fd);
  } catch (error) {
    closeSync(fd); // a journal without a valid header is replaced by the next write
    throw error;
  }
  syncFolder(path.dirname(journal));
  return fd;
}

/**
 * Removes the journal file `expected` when `replaceable` still says so of its content. Renames
 * whatever is at the path aside first, then checks that what it moved is that file; if it is not (a
 * stall between the caller's check and the rename let another process put a journal there), puts it
 * back. Returns false when it left the journal in place.
 */
export function retireJournal(
  journal: string,
  expected: FileIdentity,
  replaceable: (moved: string) => boolean,
): boolean {
  const moved = uniqueSibling(journal, 'retired');
  try {
    renameSync(journal, moved);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  if (sameFile(identityAt(moved), expected) && replaceable(moved)) {
    unlinkSync(moved);
    syncFolder(path.dirname(journal));
    return true;
  }
  try {
    linkSync(moved, journal);
    unlinkSync(moved);
  } catch (error) {
    throw new CorruptedStoreError(
      `${journal} was moved to ${moved} by a process that had lost the lock, and another journal was started meanwhile. Both hold committed changes: stop every process using this folder and restore from a backup, or merge the lines of ${moved} into ${journal} by hand.`,
      { cause: error },
    );
  }
  return false;
}
