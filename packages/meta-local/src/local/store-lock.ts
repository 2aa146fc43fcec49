import { closeSync, openSync, statSync, utimesSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BackendError } from '@ebonite/core';
import lockfile from 'proper-lockfile';

/** Pause between two attempts at a busy lock: random in [min, max] ms. */
const POLL_MS = [1, 5] as const;
/** After handing the lock to a waiter, how long this process stays away from it (longer than a poll). */
const YIELD_PAUSE_MS = 10;
/** The longest a process keeps the lock across consecutive calls without handing it over. */
const MAX_LEASE_MS = 1000;
/** How long the exit hook waits for a busy lock before it leaves the journal for the next process. */
const EXIT_WAIT_MS = 2000;

/** The stores whose lock this process holds right now (by metadata file), so the exit hook never waits on itself. */
const heldHere = new Set<string>();
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

/**
 * The cross-process lock of one store: a proper-lockfile lock folder beside metadata.json, taken with
 * `mkdir`. A holder that dies leaves the folder behind; once its mtime is older than `staleMs`, another
 * process takes it over (a live holder refreshes it every `staleMs / 2`).
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

  constructor(
    readonly file: string,
    readonly lockPath: string,
    readonly waitPath: string,
    readonly staleMs: number,
  ) {}

  /** Runs `task` holding the lock, waiting for it (up to twice the stale time) when another process has it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#compromised) this.release();
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
      release();
    } catch {
      // taken over meanwhile: its new holder removes it
    }
  }

  /** Throws when the lock was taken over while held (this process stalled past the stale time): nothing may be written then. */
  assertHeld(): void {
    if (this.#compromised) {
      throw new BackendError(
        `The lock on ${this.file} was taken over by another process while this one held it (it stalled for over ${this.staleMs} ms); the change was not written, retry it.`,
        {
          cause: this.#compromised,
        },
      );
    }
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
    try {
      this.#release = lockfile.lockSync(this.file, {
        stale: this.staleMs,
        realpath: false,
        lockfilePath: this.lockPath,
        onCompromised: (error) => {
          this.#compromised = error;
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
    heldHere.add(this.file);
    return true;
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
