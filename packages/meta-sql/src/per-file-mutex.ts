const queues = new Map<string, Promise<void>>();

/**
 * Runs `fn` after every earlier call with the same key has settled. Used per SQLite file: better-sqlite3
 * is synchronous, so a second connection of the same process waiting for the file's write lock
 * would block the thread that must finish the first transaction, stalling both until the busy timeout.
 * Other processes are separate threads, and wait for the lock normally.
 */
export async function withFileMutex<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => done);
  queues.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}
