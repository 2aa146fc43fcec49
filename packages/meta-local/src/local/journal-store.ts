import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { BackendError, CorruptedStoreError, EboniteError, SerialQueue } from '@ebonite/core/plugin';
import type { MetadataStore } from '../repository/metadata-store.js';
import { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import {
  appendAll,
  readBytes,
  syncData,
  syncDataSync,
  syncFolder,
  writeTemporary,
  writeTemporarySync,
} from './durable-io.js';
import { type ExitTask, registerExitTask, unregisterExitTask } from './exit-compaction.js';
import {
  type FileIdentity,
  identityAt,
  identityOfFd,
  sameFile,
  sameIdentity,
} from './file-identity.js';
import {
  JOURNAL_START,
  type JournalCursor,
  type JournalRead,
  journalHeader,
  journalLine,
  NewerJournalError,
  parseJournal,
  sealLine,
} from './journal-file.js';
import { createJournal, retireJournal } from './journal-swap.js';
import { parseSnapshot, SNAPSHOT_VERSION, serializeSnapshot } from './snapshot-file.js';
import { LockLostError, StoreLock } from './store-lock.js';
import type { StorePaths } from './store-paths.js';
import { testPause } from './test-pause.js';

/** Tuning of a {@link JournalStore}. */
export interface JournalStoreOptions {
  /** After how many ms a dead process's lock is taken over. */
  staleLockMs: number;
  /** Journal size from which a write compacts it (once it is also larger than metadata.json). */
  compactAfterBytes: number;
}

/** Which version of the files the in-memory state reflects. */
interface DiskView extends JournalCursor {
  /** metadata.json as loaded, or null when there was none. */
  snapshot: FileIdentity | null;
  /** Its generation (0 without a file). */
  generation: number;
  /** Its layout version (0 without a file). */
  format: number;
  /** The journal as last read, or null. `end` is 0 while it has no valid header (absent, torn, stale). */
  journal: FileIdentity | null;
}

const emptyView = (): DiskView => ({
  snapshot: null,
  generation: 0,
  format: 0,
  journal: null,
  ...JOURNAL_START,
});

/** Lock errors that mean "this folder cannot be written" (read-only, full): reads then go without the lock. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

function unwritableFolder(error: unknown): boolean {
  const code = (error as { cause?: NodeJS.ErrnoException })?.cause?.code;
  return EboniteError.isInstance(error, 'E_BACKEND') && UNWRITABLE.has(code ?? '');
}

/** The files changed while they were read (a compaction ran meanwhile): read them again. */
class FilesMoved extends Error {}

/**
 * The `local` store: metadata.json (the state at the last compaction) plus an append-only journal of
 * the operations committed since, one JSON line each. Every process keeps the state in memory and, under
 * the cross-process lock, catches up by reading only the journal bytes it has not seen (or reloads
 * metadata.json when another process compacted). A commit appends one line, fdatasyncs it and reads
 * it back; close(), a normal exit and a journal that outgrew metadata.json fold the journal into
 * metadata.json with an atomic replace, then remove it.
 *
 * The lock alone cannot keep out a holder that stalls past the stale time (it learns of the takeover
 * only when it runs again), so the journal is fenced: each line carries its sequence number, readers
 * accept only the first line of each number (see parseJournal), and a writer confirms after its
 * fdatasync that its own line was the one accepted, or reports a failure. A compaction first appends
 * a seal line the same way, which freezes the journal, so the metadata.json it writes misses nothing.
 *
 * What POSIX leaves open (no "rename only if", no "write only if I still hold the lock"): a process
 * stopped for longer than staleLockMs exactly between its last check and the rename of metadata.json
 * (two consecutive syscalls, no await between) can put back a metadata.json older than one that the
 * next holder wrote meanwhile; and one stopped between a failed append's check and its ftruncate can
 * cut a line written meanwhile (only after an I/O error).
 */
export class JournalStore implements MetadataStore, ExitTask {
  #state = new MetadataState();
  #view = emptyView();
  /** The journal as last read or written; opened for appending where the folder allows it. */
  #fd: number | null = null;
  #folderReady = false;
  #closed = false;
  /** Set once this store committed a write: a store that only read never compacts (close, exit hook). */
  #wrote = false;
  /** Names this store's lines in the journal, so that it recognises them when it reads them back. */
  readonly #writer = randomBytes(6).toString('base64url');
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
        if (this.#changedOnDisk()) await this.#catchUp();
      });
    }
    return view(this.#state);
  }

  commit(plan: (state: MetadataState) => Operation | null): Promise<void> {
    return this.#queue.run(async () => {
      if (!this.#folderReady) mkdirSync(this.paths.folder, { recursive: true });
      this.#folderReady = true;
      registerExitTask(this);
      await this.#lock.run(async () => {
        this.#sync();
        const operation = plan(this.#state);
        if (operation === null) return;
        // A compaction stopped half-way left a sealed journal, which takes no more lines: finish it.
        // A store without a metadata.json of this layout gets one first (it upgrades a store of
        // 0.1.x in place), so that a 0.1.x process refuses the store rather than read the journal.
        if (this.#view.sealed || this.#view.format < SNAPSHOT_VERSION) await this.#compact();
        await this.#append(operation);
        this.#wrote = true;
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
        if (this.#wrote && identityAt(this.paths.journal)) {
          await this.#lock.run(async () => {
            this.#sync();
            if (this.#view.end > 0) await this.#compact();
            else this.#retireIncluded();
          });
        }
      } catch (error) {
        // another process took over: everything is in the journal it now holds, or in its metadata.json
        if (!(error instanceof LockLostError)) throw error;
      } finally {
        this.#lock.release();
        this.#closeJournal();
      }
    });
  }

  /** The exit hook: the same compaction as close(), synchronous, skipped when the lock is busy. */
  onExit(): void {
    if (this.#closed || !this.#wrote || !identityAt(this.paths.journal)) return;
    this.#lock.runSync(() => {
      this.#sync();
      if (this.#view.end > 0) this.#compactSync();
      else this.#retireIncluded();
    });
  }

  #changedOnDisk(): boolean {
    return (
      !sameIdentity(identityAt(this.paths.file), this.#view.snapshot) ||
      !sameIdentity(identityAt(this.paths.journal), this.#view.journal)
    );
  }

  /**
   * Catches up under the lock; or without it where the lock cannot be taken because the folder cannot
   * be written (read-only, full disk): reading is safe without it, it only has to retry when a
   * compaction replaces the files while they are read.
   */
  async #catchUp(): Promise<void> {
    try {
      await this.#lock.run(async () => this.#sync());
    } catch (error) {
      if (!unwritableFolder(error)) throw error;
      this.#sync();
    }
  }

  /** Brings the state up to date with the files. */
  #sync(): void {
    for (let attempt = 1; ; attempt++) {
      try {
        this.#syncOnce();
        return;
      } catch (error) {
        const moved =
          error instanceof FilesMoved ||
          (error instanceof NewerJournalError &&
            !sameIdentity(identityAt(this.paths.file), this.#view.snapshot));
        this.#forget();
        if (!moved || attempt === 5) throw error;
      }
    }
  }

  #syncOnce(): void {
    const seen = this.#view;
    const journal = identityAt(this.paths.journal);
    const journalReplaced =
      seen.end > 0 &&
      (journal === null || journal.ino !== seen.journal?.ino || journal.size < seen.end);
    if (journalReplaced || !sameIdentity(identityAt(this.paths.file), seen.snapshot))
      this.#loadSnapshot();
    if (journal && !sameIdentity(journal, this.#view.journal)) this.#readJournal();
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
      const parsed = parseSnapshot(readFileSync(fd, 'utf8'), this.paths.file);
      this.#state = parsed.state;
      this.#view = {
        ...emptyView(),
        snapshot,
        generation: parsed.generation,
        format: parsed.version,
      };
    } finally {
      closeSync(fd);
    }
  }

  /** Reads the journal now at the path, from where this store stopped when it is the same file. */
  #readJournal(): void {
    const atPath = identityAt(this.paths.journal);
    if (this.#fd !== null && !sameFile(identityOfFd(this.#fd), atPath)) this.#closeJournal();
    if (this.#fd === null) {
      const fd = this.#openJournal();
      if (fd === null) return;
      this.#fd = fd;
      const opened = identityOfFd(fd);
      if (this.#view.end > 0 && !sameFile(opened, this.#view.journal)) throw new FilesMoved();
    }
    this.#readFrom(this.#fd);
  }

  /** Opens the journal for appending, or only for reading where this process may not write it; null when it is gone. */
  #openJournal(): number | null {
    const { O_RDWR, O_APPEND } = constants;
    for (const flags of [O_RDWR | O_APPEND, constants.O_RDONLY]) {
      try {
        return openSync(this.paths.journal, flags);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return null;
        if (flags === constants.O_RDONLY || !UNWRITABLE.has(code ?? '')) throw error;
      }
    }
    return null;
  }

  /** Reads and applies the lines after the view's end in the journal open as `fd`. */
  #readFrom(fd: number): JournalRead {
    const journal = identityOfFd(fd);
    const { end, generation } = this.#view;
    const read = parseJournal(
      readBytes(fd, end, journal.size - end),
      this.#view,
      generation,
      this.paths.journal,
    );
    for (const { operation } of read.entries) {
      try {
        this.#state.apply(operation);
      } catch (error) {
        throw new CorruptedStoreError(
          `${this.paths.journal} does not fit ${this.paths.file} (${(error as Error).message}). Both were left untouched: restore the folder from a backup.`,
          { cause: error },
        );
      }
    }
    const { seq, sealed } = read;
    this.#view = { ...this.#view, journal, end: read.end, seq, sealed };
    return read;
  }

  /** Appends the line of `operation`, makes it durable and confirms it was accepted. */
  async #append(operation: Operation): Promise<void> {
    const retry = 'the change was not saved; retry it.';
    this.#lock.assertHeld(retry);
    if (this.#view.end === 0) await this.#startJournal();
    else this.#cutTornTail();
    const fd = this.#fd!;
    const seq = this.#view.seq + 1;
    const line = Buffer.from(journalLine(operation, seq, this.#writer));
    testPause('before-append');
    try {
      appendAll(fd, line);
      testPause('after-append');
      await syncData(fd);
    } catch (error) {
      throw this.#failedWrite(fd, line, error);
    }
    this.#confirm(fd, seq, `${retry} Another process wrote meanwhile, and this change is ignored.`);
  }

  /**
   * After a failed write or fdatasync: removes this store's line again if it is alone after the last
   * line read (never what another process wrote), and says whether the change may still be there.
   */
  #failedWrite(fd: number, line: Buffer, cause: unknown): BackendError {
    const { end } = this.#view;
    let withdrawn = false;
    try {
      const size = identityOfFd(fd).size;
      const tail = readBytes(fd, end, size - end);
      if (tail.length === 0) withdrawn = true;
      else if (this.#lock.held() && tail.equals(line.subarray(0, tail.length))) {
        ftruncateSync(fd, end);
        withdrawn = true;
      }
    } catch {
      // the file is unusable: the change may be there, as said below
    }
    this.#forget();
    const outcome = withdrawn
      ? 'The change was not saved: free some space or fix the permissions, then retry it.'
      : 'The change may or may not have been saved: check before retrying it.';
    return new BackendError(
      `Could not write to ${this.paths.journal} (${(cause as Error).message}). ${outcome}`,
      { cause },
    );
  }

  /**
   * Reads back, as every reader will, what follows the last line read: this store's line `seq` must
   * be the one accepted there, in the journal still at the path (or frozen by a seal that another
   * process appended after it, and so included in the metadata.json it writes). Otherwise another
   * process took the lock over while this one stalled: throws LockLostError with `what`.
   */
  #confirm(fd: number, seq: number, what: string): boolean {
    const read = this.#readFrom(fd);
    const mine =
      read.entries.some((entry) => entry.seq === seq && entry.writer === this.#writer) ||
      (read.sealedBy === this.#writer && read.seq === seq);
    const current = sameFile(identityAt(this.paths.journal), identityOfFd(fd));
    if (!current) this.#forget();
    if (mine && (current || read.sealed)) return current;
    throw this.#lock.lockLost(what);
  }

  /**
   * Cuts the bytes after the last complete line: a write torn by a crash, never acknowledged and
   * ignored by readers, that the next line must not be glued to. Checked again right before the cut:
   * a tail that has meanwhile become complete lines is another process's (which means this one lost
   * the lock), and is never cut.
   */
  #cutTornTail(): void {
    const fd = this.#fd!;
    const { end, generation } = this.#view;
    const size = identityOfFd(fd).size;
    if (size <= end) return;
    const tail = parseJournal(
      readBytes(fd, end, size - end),
      this.#view,
      generation,
      this.paths.journal,
    );
    if (tail.end > end) throw this.#lock.lockLost('the change was not saved; retry it.');
    ftruncateSync(fd, end);
  }

  /** Starts a journal extending metadata.json, replacing one that has no valid header or is already included. */
  async #startJournal(): Promise<void> {
    const retry = 'the change was not saved; retry it.';
    this.#retireIncluded();
    const header = Buffer.from(journalHeader(this.#view.generation));
    const fd = await createJournal(this.paths.journal, header);
    if (fd === null) throw this.#lock.lockLost(retry);
    this.#fd = fd;
    this.#view = { ...this.#view, journal: identityOfFd(fd), ...JOURNAL_START, end: header.length };
  }

  /**
   * Removes the journal the last read found without a valid header or already included in
   * metadata.json (stale), if it is still that file and still so; throws when another process put a
   * journal there since.
   */
  #retireIncluded(): void {
    const old = this.#view.journal;
    this.#closeJournal();
    this.#view = { ...this.#view, journal: null };
    if (old === null || !identityAt(this.paths.journal)) return;
    const lost = () => this.#lock.lockLost('the change was not saved; retry it.');
    if (!this.#lock.held() || !sameFile(identityAt(this.paths.journal), old)) throw lost();
    const { generation } = this.#view;
    const included = (moved: string) => {
      try {
        const bytes = readFileSync(moved);
        const read = parseJournal(bytes, JOURNAL_START, generation, moved);
        return read.stale || read.end === 0;
      } catch {
        return false;
      }
    };
    if (!retireJournal(this.paths.journal, old, included)) throw lost();
  }

  /** Seals the journal, writes metadata.json from the state, then removes the journal. */
  async #compact(): Promise<void> {
    if (this.#view.end === 0) {
      // no journal to fold (only a stale or headerless one, which the next append retires)
      const generation = this.#view.generation + 1;
      const text = serializeSnapshot(this.#state, generation);
      this.#installAlone(await writeTemporary(this.paths.file, text), generation);
      return;
    }
    if (!this.#view.sealed) {
      const seq = this.#appendSeal();
      await syncData(this.#fd!);
      this.#confirmSeal(seq);
    }
    const generation = this.#view.generation + 1;
    const text = serializeSnapshot(this.#state, generation);
    this.#install(await writeTemporary(this.paths.file, text), generation);
  }

  #compactSync(): void {
    if (!this.#view.sealed) {
      const seq = this.#appendSeal();
      syncDataSync(this.#fd!);
      this.#confirmSeal(seq);
    }
    const generation = this.#view.generation + 1;
    const text = serializeSnapshot(this.#state, generation);
    this.#install(writeTemporarySync(this.paths.file, text), generation);
  }

  #appendSeal(): number {
    this.#lock.assertHeld('the compaction was given up; the journal still holds every change.');
    this.#cutTornTail();
    const seq = this.#view.seq + 1;
    appendAll(this.#fd!, Buffer.from(sealLine(seq, this.#writer)));
    return seq;
  }

  #confirmSeal(seq: number): void {
    const what = 'the compaction was given up; the journal still holds every change.';
    // sealed but no longer at the path: another process has finished this compaction already
    if (!this.#confirm(this.#fd!, seq, what)) throw this.#lock.lockLost(what);
  }

  /**
   * Puts the metadata.json written to `temp` in place, then removes the sealed journal it includes.
   * The last checks come right before the rename, with nothing between that could wait.
   */
  #install(temp: string, generation: number): void {
    const fd = this.#fd!;
    testPause('before-snapshot-rename');
    if (
      !this.#lock.held() ||
      !sameIdentity(identityAt(this.paths.file), this.#view.snapshot) ||
      !sameFile(identityAt(this.paths.journal), identityOfFd(fd))
    ) {
      rmSync(temp, { force: true });
      this.#forget();
      throw this.#lock.lockLost(
        'the compaction was given up; every change is in the journal or in the metadata.json another process wrote.',
      );
    }
    renameSync(temp, this.paths.file);
    syncFolder(this.paths.folder);
    const snapshot = identityAt(this.paths.file);
    testPause('before-journal-retire');
    // Only the journal this store sealed (kept open meanwhile, so that its inode number cannot be
    // reused): another one at the path was started by the next holder. Left in place, a sealed
    // journal is stale (ignored) and the next write replaces it.
    const sealed = identityOfFd(fd);
    try {
      if (this.#lock.held() && sameFile(identityAt(this.paths.journal), sealed))
        retireJournal(this.paths.journal, sealed, () => true);
    } finally {
      this.#closeJournal();
      this.#view = { ...emptyView(), snapshot, generation, format: SNAPSHOT_VERSION };
    }
  }

  /**
   * Puts the metadata.json written to `temp` in place where there is no journal with lines to fold:
   * the view's journal (none, or one without a valid header or already included) stays known, so
   * that the next append retires it.
   */
  #installAlone(temp: string, generation: number): void {
    const { journal } = this.#view;
    if (
      !this.#lock.held() ||
      !sameIdentity(identityAt(this.paths.file), this.#view.snapshot) ||
      !sameIdentity(identityAt(this.paths.journal), journal)
    ) {
      rmSync(temp, { force: true });
      this.#forget();
      throw this.#lock.lockLost('the change was not saved; retry it.');
    }
    renameSync(temp, this.paths.file);
    syncFolder(this.paths.folder);
    const snapshot = identityAt(this.paths.file);
    this.#view = { ...this.#view, snapshot, generation, format: SNAPSHOT_VERSION };
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
