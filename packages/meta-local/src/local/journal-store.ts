import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { CorruptedStoreError } from '@ebonite/core';
import writeFileAtomic from 'write-file-atomic';
import type { MetadataStore } from '../repository/metadata-store.js';
import { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import { appendAll, readBytes, syncData, syncFolder } from './durable-io.js';
import { type ExitTask, registerExitTask, unregisterExitTask } from './exit-compaction.js';
import { type FileIdentity, identityAt, identityOfFd, sameIdentity } from './file-identity.js';
import { journalHeader, parseJournal } from './journal-file.js';
import { SerialQueue } from './serial-queue.js';
import { parseSnapshot, serializeSnapshot } from './snapshot-file.js';
import { StoreLock } from './store-lock.js';
import { testPause } from './test-pause.js';
import type { StorePaths } from './store-paths.js';

/** Tuning of a {@link JournalStore}. */
export interface JournalStoreOptions {
  /** After how many ms a dead process's lock is taken over. */
  staleLockMs: number;
  /** Journal size from which a write compacts it (once it is also larger than metadata.json). */
  compactAfterBytes: number;
}

/** Which version of the files the in-memory state reflects. */
interface DiskView {
  /** metadata.json as loaded, or null when there was none. */
  snapshot: FileIdentity | null;
  /** Its generation (0 without a file). */
  generation: number;
  /** The journal as last read or written, or null. */
  journal: FileIdentity | null;
  /** Offset after the last journal line applied; 0 while the journal has no valid header (absent, empty, torn, stale). */
  end: number;
}

const emptyView = (): DiskView => ({ snapshot: null, generation: 0, journal: null, end: 0 });

/**
 * The `local` store: metadata.json (the state at the last compaction) plus an append-only journal of
 * the operations committed since, one JSON line each. Every process keeps the state in memory and, under
 * the cross-process lock, catches up by reading only the journal bytes it has not seen (or reloads
 * metadata.json when another process compacted). A commit appends one line and fdatasyncs it;
 * close(), a normal exit and a journal that outgrew metadata.json fold the journal into metadata.json
 * with an atomic replace, then remove it.
 */
export class JournalStore implements MetadataStore, ExitTask {
  #state = new MetadataState();
  #view = emptyView();
  #fd: number | null = null;
  #folderReady = false;
  #closed = false;
  readonly #queue = new SerialQueue();
  readonly #lock: StoreLock;

  constructor(
    readonly paths: StorePaths,
    readonly options: JournalStoreOptions,
  ) {
    this.#lock = new StoreLock(paths.file, paths.lock, paths.wait, options.staleLockMs);
  }

  async read<T>(view: (state: MetadataState) => T): Promise<T> {
    if (this.#changedOnDisk()) {
      await this.#queue.run(async () => {
        if (this.#changedOnDisk()) await this.#lock.run(async () => this.#sync());
      });
    }
    return view(this.#state);
  }

  commit(plan: (state: MetadataState) => Operation): Promise<void> {
    return this.#queue.run(async () => {
      if (!this.#folderReady) mkdirSync(this.paths.folder, { recursive: true });
      this.#folderReady = true;
      registerExitTask(this);
      await this.#lock.run(async () => {
        this.#sync();
        const operation = plan(this.#state);
        const line = Buffer.from(`${JSON.stringify(operation)}\n`);
        this.#lock.assertHeld();
        testPause('before-append');
        try {
          await this.#append(line);
          this.#state.apply(operation);
        } catch (error) {
          this.#forget();
          throw error;
        }
        const { end, snapshot } = this.#view;
        if (end >= this.options.compactAfterBytes && end >= (snapshot?.size ?? 0)) {
          // The operation is committed either way; a failed compaction leaves a valid journal behind.
          await this.#compact().catch(() => this.#forget());
        }
      });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    unregisterExitTask(this);
    await this.#queue.run(async () => {
      try {
        if (identityAt(this.paths.journal)) {
          await this.#lock.run(async () => {
            this.#sync();
            if (identityAt(this.paths.journal)) await this.#compact();
          });
        }
      } finally {
        this.#lock.release();
        this.#closeJournal();
      }
    });
  }

  /** The exit hook: the same compaction as close(), synchronous, skipped when the lock is busy. */
  onExit(): void {
    if (this.#closed || !identityAt(this.paths.journal)) return;
    this.#lock.runSync(() => {
      this.#sync();
      if (identityAt(this.paths.journal)) this.#compactSync();
    });
  }

  #changedOnDisk(): boolean {
    return (
      !sameIdentity(identityAt(this.paths.file), this.#view.snapshot) ||
      !sameIdentity(identityAt(this.paths.journal), this.#view.journal)
    );
  }

  /** Brings the state up to date with the files. Call holding the lock. */
  #sync(): void {
    try {
      const seen = this.#view;
      const journal = identityAt(this.paths.journal);
      const journalReplaced =
        seen.end > 0 &&
        (journal === null || journal.ino !== seen.journal?.ino || journal.size < seen.end);
      if (journalReplaced || !sameIdentity(identityAt(this.paths.file), seen.snapshot))
        this.#loadSnapshot();
      if (journal && !sameIdentity(journal, this.#view.journal)) this.#readJournal(journal);
    } catch (error) {
      this.#forget();
      throw error;
    }
  }

  #loadSnapshot(): void {
    this.#closeJournal();
    let fd: number;
    try {
      fd = openSync(this.paths.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#state = new MetadataState();
      this.#view = emptyView();
      return;
    }
    try {
      const snapshot = identityOfFd(fd);
      const { state, generation } = parseSnapshot(readFileSync(fd, 'utf8'), this.paths.file);
      this.#state = state;
      this.#view = { snapshot, generation, journal: null, end: 0 };
    } finally {
      closeSync(fd);
    }
  }

  #readJournal(current: FileIdentity): void {
    if (this.#fd !== null && identityOfFd(this.#fd).ino !== current.ino) this.#closeJournal();
    this.#fd ??= openSync(this.paths.journal, 'a+');
    const journal = identityOfFd(this.#fd);
    const { end, generation } = this.#view;
    const read = parseJournal(
      readBytes(this.#fd, end, journal.size - end),
      end,
      generation,
      this.paths.journal,
    );
    for (const operation of read.operations) {
      try {
        this.#state.apply(operation);
      } catch (error) {
        throw new CorruptedStoreError(
          `${this.paths.journal} does not fit ${this.paths.file} (${(error as Error).message}). Both were left untouched: restore the folder from a backup.`,
          { cause: error },
        );
      }
    }
    this.#view = { ...this.#view, journal, end: read.end };
  }

  /**
   * Appends one line and makes it durable, starting a journal when there is no valid one. On failure
   * the line is cut off again (best effort), so that a write reported as failed does not reappear.
   */
  async #append(line: Buffer): Promise<void> {
    if (this.#view.end === 0) await this.#startJournal();
    else if (this.#view.journal!.size > this.#view.end) ftruncateSync(this.#fd!, this.#view.end); // a line torn by a crash
    const fd = this.#fd!;
    try {
      appendAll(fd, line);
      testPause('after-append');
      await syncData(fd);
    } catch (error) {
      try {
        ftruncateSync(fd, this.#view.end);
      } catch {
        // the file is unusable; the error below is what matters
      }
      throw error;
    }
    this.#view = { ...this.#view, journal: identityOfFd(fd), end: this.#view.end + line.length };
  }

  async #startJournal(): Promise<void> {
    this.#closeJournal();
    rmSync(this.paths.journal, { force: true }); // stale (already in metadata.json), empty or torn
    const fd = openSync(this.paths.journal, 'a+');
    this.#fd = fd;
    const header = Buffer.from(journalHeader(this.#view.generation));
    appendAll(fd, header);
    await syncData(fd);
    syncFolder(this.paths.folder);
    this.#view = { ...this.#view, journal: identityOfFd(fd), end: header.length };
  }

  async #compact(): Promise<void> {
    const generation = this.#view.generation + 1;
    testPause('before-snapshot-rename');
    await writeFileAtomic(this.paths.file, serializeSnapshot(this.#state, generation));
    this.#dropJournal(generation);
  }

  #compactSync(): void {
    const generation = this.#view.generation + 1;
    writeFileAtomic.sync(this.paths.file, serializeSnapshot(this.#state, generation));
    this.#dropJournal(generation);
  }

  /** After metadata.json of `generation` is in place: make its rename durable, then remove the journal it includes. */
  #dropJournal(generation: number): void {
    syncFolder(this.paths.folder);
    this.#closeJournal();
    testPause('before-journal-retire');
    rmSync(this.paths.journal, { force: true });
    this.#view = { snapshot: identityAt(this.paths.file), generation, journal: null, end: 0 };
  }

  /** Forgets the state: the next access reloads everything from the files. */
  #forget(): void {
    this.#closeJournal();
    this.#state = new MetadataState();
    this.#view = emptyView();
  }

  #closeJournal(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }
}
