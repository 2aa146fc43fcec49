import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built binary under test. */
export const BIN = resolve(import.meta.dirname, '../../dist/bin.js');
const PACKAGES = resolve(import.meta.dirname, '../../..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

/** A running `ebonite` process, its output collected as it comes. */
export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<CliResult>;
}

/** Starts `node dist/bin.js ...args` (never through a shell), killed after `timeoutMs` (default 30 s). */
export function startEbonite(
  args: readonly string[],
  { cwd, env = {}, input = '', timeoutMs = 30_000 }: CliOptions,
): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin!.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const started = Date.now();
  const done = once(child, 'close').then(([code, signal]) => {
    clearTimeout(timer);
    if (process.env.DEBUG_CLI) console.log('CLI', args.join(' '), Date.now() - started, 'ms');
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr };
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Runs `ebonite ...args` to completion. */
export function ebonite(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startEbonite(args, options).done;
}

/** Waits until `condition` holds, polling every 10 ms; throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A temporary user project: an empty folder, or one that installs the given workspace packages (as
 * symbolic links in node_modules and dependencies in package.json), as `npm install` would.
 */
export async function tempProject(
  packages: readonly string[] = [],
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ebonite-cli-'));
  if (packages.length) {
    await mkdir(join(dir, 'node_modules', '@ebonite'), { recursive: true });
    for (const name of packages)
      await symlink(
        join(PACKAGES, name.replace('@ebonite/', '')),
        join(dir, 'node_modules', ...name.split('/')),
        'dir',
      );
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'user-project',
        private: true,
        type: 'module',
        dependencies: Object.fromEntries(packages.map((p) => [p, '*'])),
      }),
    );
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
