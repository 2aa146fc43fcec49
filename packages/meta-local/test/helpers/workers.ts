import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('../fixtures/worker.mjs', import.meta.url));

/** A `node` child process running test/fixtures/worker.mjs (which imports the built package). */
export interface Worker {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves when a line matching `test` arrives (rejects if the worker ends first). */
  waitFor(test: (line: string, count: number) => boolean): Promise<void>;
  /** Resolves with the exit code (or signal) and stderr once the worker has ended. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Starts a worker with a job (see worker.mjs). It is killed if it runs longer than `timeoutMs`.
 * `options` adds to the spawn options (an environment, a user id).
 */
export function startWorker(
  job: Record<string, unknown>,
  timeoutMs = 20_000,
  options: SpawnOptions = {},
): Worker {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(job)], {
    ...options,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{
    test: (line: string, count: number) => boolean;
    resolve: () => void;
    reject: (e: Error) => void;
  }> = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters])
        if (w.test(line, lines.length)) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        for (const w of waiters.splice(0))
          w.reject(
            new Error(`worker ended (${code ?? signal}) before the expected line: ${stderr}`),
          );
        resolve({ code, signal, stderr });
      });
    },
  );
  const waitFor = (test: (line: string, count: number) => boolean) =>
    new Promise<void>((resolve, reject) => {
      if (lines.some((line, i) => test(line, i + 1))) return resolve();
      if (child.exitCode !== null || child.signalCode !== null)
        return reject(new Error('worker already ended'));
      waiters.push({ test, resolve, reject });
    });
  return { child, lines, waitFor, done };
}

/** Runs a worker to its end and returns its stdout lines; fails on a non-zero exit. */
export async function runWorker(
  job: Record<string, unknown>,
  options: SpawnOptions = {},
): Promise<string[]> {
  const worker = startWorker(job, 20_000, options);
  const { code, signal, stderr } = await worker.done;
  if (code !== 0)
    throw new Error(`worker ${JSON.stringify(job.mode)} exited with ${code ?? signal}: ${stderr}`);
  return worker.lines;
}

/** Resolves once `file` exists (a worker stopped by EBONITE_TEST_PAUSE writes it); rejects after `timeoutMs`. */
export async function waitForFile(file: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await sleep(10);
  }
}
