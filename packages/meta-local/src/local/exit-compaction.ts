/** Something to persist synchronously when the process exits normally. */
export interface ExitTask {
  onExit(): void;
}

const open = new Set<ExitTask>();

function runAll(): void {
  for (const task of open) {
    try {
      task.onExit();
    } catch {
      // an exit hook must never throw; the journal still holds everything
    }
  }
}

/**
 * Runs `task.onExit()` on the process's `exit` event (a normal end, or `process.exit()`) until it is
 * unregistered. One listener serves every open store.
 */
export function registerExitTask(task: ExitTask): void {
  if (open.size === 0) process.on('exit', runAll);
  open.add(task);
}

/** Stops running `task` at exit. */
export function unregisterExitTask(task: ExitTask): void {
  if (!open.delete(task)) return;
  if (open.size === 0) process.off('exit', runAll);
}
