import fs, { closeSync, openSync, statSync, utimesSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BackendError, errorCode } from '@ebonite/core/plugin';
import lockfile from 'proper-lockfile';

/** Pause between two attempts at a busy lock: random in [min, max] ms. */
const POLL_MS = [1, 5] as const;
/** After handing the lock to a waiter, how long this process stays away from it (longer than a poll). */
const YIELD_PAUSE_MS = 10;
/** The longest a process keeps the lock across consecutive calls without handing it over. */
const MAX_LEASE_MS = 1000;
/** How long the exit hook waits for a busy lock before it leaves the journal for the next process. */
const EXIT_WAIT_MS = 2000;

/**
 * A step given up because another process took the lock over while this one stalled past the stale
 * time (or wrote where this one was about to). Its message says whether to retry.
 */
export class LockLostError extends BackendError {}

/** The stores whose lock this process holds right now (by metadata file), so the exit hook never waits on itself. */
const heldHere = new Set<string>();
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * The cross-process lock of one store: a proper-lockfile lock folder beside metadata.json, taken with
 * `mkdir`. A holder that dies leaves the folder behind; once its mtime is older than `staleMs`, another
 * process takes it over (a live holder refreshes it every `staleMs / 2`).
 *
 * A holder that stalls (SIGSTOP, a long GC pause, a suspended laptop) past `staleMs` loses the lock
 * without running any code: {@link StoreLock.held} finds that out synchronously by comparing the lock
 * folder with the one this process made and last refreshed (inode and mtime). It narrows the windows,
 * it cannot close them (POSIX has no "write only if I still hold this"): the journal's fencing is what
 * keeps a write made under a lost lock out of the data.
 *
 * Creating and removing the folder is metadata the next `fdatasync` must commit, which about doubles
 * its cost; so the lock is kept across calls that follow each other without a pause (a lease: it is
 * released on the next turn of the event loop once idle), and handed over at the end of the current
 * call as soon as another process signals that it waits (it touches the `waitPath` file).
 */
export class StoreLock {
  #release: (() => void) | null = null;
  #since = 0;
  #busy = false;
  #idle: NodeJS.Immediate | null = null;
  #pauseUntil = 0;
  #compromised: Error | undefined;
  /** The lock folder this process made (inode) and last set the mtime of, while it holds the lock. */
  #owned: { token: object; ino: bigint; mtimeNs: bigint } | null = null;

  constructor(
    readonly file: string,
    readonly lockPath: string,
    readonly waitPath: string,
    readonly staleMs: number,
  ) {}

  /** Runs `task` holding the lock, waiting for it (up to twice the stale time) when another process has it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#release && !this.held()) this.release();
    if (!this.#release) await this.#acquire();
    this.#busy = true;
    try {
      return await task();
    } finally {
      this.#busy = false;
      this.#afterTask();
    }
  }

  /**
   * Runs `task` holding the lock, synchronously (for the exit hook), then releases it. Gives up and
   * returns undefined when a call of this process is under way, or another holds the lock past a short wait.
   */
  runSync<T>(task: () => T): T | undefined {
    if (this.#busy) return undefined;
    if (this.#release && !this.held()) this.release();
    if (!this.#release) {
      if (heldHere.has(this.file)) return undefined;
      const deadline = Date.now() + EXIT_WAIT_MS;
      while (!this.#tryLock()) {
        if (Date.now() > deadline) return undefined;
        Atomics.wait(sleeper, 0, 0, POLL_MS[1]);
      }
    }
    try {
      return task();
    } finally {
      this.release();
    }
  }

  /** Releases the lock if this store holds it. */
  release(): void {
    if (this.#idle) clearImmediate(this.#idle);
    this.#idle = null;
    const release = this.#release;
    if (!release) return;
    this.#release = null;
    heldHere.delete(this.file);
    try {
      release(); // through #guardedFs, which still knows this hold's folder
    } catch {
      // taken over meanwhile: its new holder removes it
    } finally {
      this.#owned = null;
    }
  }

  /**
   * True while this process still holds the lock: the lock folder is the one it made, with the mtime
   * it last gave it. False once another process took it over (this one stalled past the stale time),
   * even before proper-lockfile's timer notices. Synchronous: call it right before an irreversible step.
   */
  held(): boolean {
    const owned = this.#owned;
    if (!this.#release || !owned || this.#compromised) return false;
    const now = statSync(this.lockPath, { bigint: true, throwIfNoEntry: false });
    return now !== undefined && now.ino === owned.ino && now.mtimeNs === owned.mtimeNs;
  }

  /** Throws {@link lockLost} unless {@link held}. */
  assertHeld(what: string): void {
    if (!this.held()) throw this.lockLost(what);
  }

  /** The error of a step given up because another process took the lock over while this one stalled. */
  lockLost(what: string): LockLostError {
    return new LockLostError(
      `The lock on ${this.file} was taken over by another process while this one held it (it stalled for over ${this.staleMs} ms): ${what}`,
      this.#compromised ? { cause: this.#compromised } : {},
    );
  }

  async #acquire(): Promise<void> {
    const wait = this.#pauseUntil - Date.now();
    if (wait > 0) await sleep(wait);
    const deadline = Date.now() + 2 * this.staleMs + 1000;
    while (!this.#tryLock()) {
      if (Date.now() > deadline) {
        throw new BackendError(
          `The metadata store ${this.file} stayed locked by another process for over ${Math.round((2 * this.staleMs) / 1000)} s. If no ebonite process uses it, remove the lock folder ${this.lockPath}.`,
        );
      }
      this.#signalWaiting();
      await sleep(POLL_MS[0] + Math.random() * (POLL_MS[1] - POLL_MS[0]));
    }
  }

  /** One attempt: true when the lock is now held (a stale one is taken over), false when another holds it. */
  #tryLock(): boolean {
    const token = {};
    try {
      this.#release = lockfile.lockSync(this.file, {
        stale: this.staleMs,
        realpath: false,
        lockfilePath: this.lockPath,
        fs: this.#guardedFs(token),
        onCompromised: (error) => {
          // a late report about an earlier hold must not mark the current one
          if (this.#owned?.token === token) this.#compromised = error;
        },
      });
    } catch (error) {
      if (errorCode(error) === 'ELOCKED') return false;
      throw new BackendError(
        `Could not lock the metadata store ${this.file} (${(error as Error).message}): check that its folder exists and is writable.`,
        { cause: error },
      );
    }
    this.#since = Date.now();
    this.#compromised = undefined;
    const made = statSync(this.lockPath, { bigint: true });
    this.#owned = { token, ino: made.ino, mtimeNs: made.mtimeNs };
    heldHere.add(this.file);
    return true;
  }

  /**
   * The file system proper-lockfile works through for one hold (`token`). Its `rmdir` removes the lock
   * folder only when that is right: to release, only if the folder is still this hold's (never the
   * folder of a process that took the lock over meanwhile, also at exit); to take over a stale lock,
   * only if it is still stale (not a folder another process has just made by taking it over first).
   * Its `utimes` (the refresh) records the new mtime, which {@link held} compares.
   */
  #guardedFs(token: object): typeof fs {
    const mine = () => this.#owned?.token === token;
    return {
      ...fs,
      rmdirSync: (dir: fs.PathLike) => {
        const now = statSync(dir, { bigint: true, throwIfNoEntry: false });
        if (now === undefined) return;
        const owned = this.#owned;
        if (mine() && owned && (now.ino !== owned.ino || now.mtimeNs !== owned.mtimeNs)) return;
        if (!mine() && Date.now() - Number(now.mtimeNs / 1_000_000n) < this.staleMs) {
          // proper-lockfile reads ENOENT as "gone meanwhile" and retries mkdir, which then finds it held
          throw Object.assign(new Error(`${String(dir)} was taken over meanwhile`), {
            code: 'ENOENT',
          });
        }
        fs.rmdirSync(dir);
      },
      utimesSync: (dir: fs.PathLike, atime: fs.TimeLike, mtime: fs.TimeLike) => {
        fs.utimesSync(dir, atime, mtime);
        const owned = this.#owned;
        if (mine() && owned) owned.mtimeNs = statSync(dir, { bigint: true }).mtimeNs;
      },
    } as typeof fs;
  }

  /** Keeps the lock for an immediate next call, unless someone waits or the lease is old. */
  #afterTask(): void {
    if (!this.#release) return;
    const waiter = this.#waiterSignalled();
    if (waiter || Date.now() - this.#since > MAX_LEASE_MS) {
      if (waiter) this.#pauseUntil = Date.now() + YIELD_PAUSE_MS;
      this.release();
      return;
    }
    this.#idle ??= setImmediate(() => {
      this.#idle = null;
      if (!this.#busy) this.release();
    });
  }

  #signalWaiting(): void {
    const now = new Date();
    try {
      utimesSync(this.waitPath, now, now);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') return; // a signal only: the wait goes on without it
      try {
        closeSync(openSync(this.waitPath, 'a'));
      } catch {
        // the folder is gone or read-only: the lock attempt reports that
      }
    }
  }

  #waiterSignalled(): boolean {
    const touched = statSync(this.waitPath, { throwIfNoEntry: false })?.mtimeMs;
    return touched !== undefined && touched >= this.#since;
  }
}
