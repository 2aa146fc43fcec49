import { type BigIntStats, fstatSync, statSync } from 'node:fs';

/**
 * What tells one version of a file from another without reading it: the inode (a rename puts a new
 * one in place), the size (an append grows it) and the change times in nanoseconds.
 */
export interface FileIdentity {
  ino: bigint;
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

function identityOf(stats: BigIntStats): FileIdentity {
  return {
    ino: stats.ino,
    size: Number(stats.size),
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs,
  };
}

/** The identity of the file at `file`, or null when there is none. */
export function identityAt(file: string): FileIdentity | null {
  const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stats ? identityOf(stats) : null;
}

/** The identity of an open file. */
export function identityOfFd(fd: number): FileIdentity {
  return identityOf(fstatSync(fd, { bigint: true }));
}

/** True when both are absent, or both are the same version of the same file. */
export function sameIdentity(a: FileIdentity | null, b: FileIdentity | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** True when both name the same file (the same inode), whatever its content. */
export function sameFile(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a !== null && b !== null && a.ino === b.ino;
}
