import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A child process running a fixture (built JS only), with its JSON-line messages as a queue. */
export class Child {
  readonly process: ChildProcess;
  readonly #messages: Array<Record<string, any>> = [];
  readonly #waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(fixture: string, args: string[]) {
    const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
    this.process = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      this.#messages.push(JSON.parse(line));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /** The next message with this `event` (earlier messages of other events are dropped); fails after `timeoutMs`. */
  async next(event: string | string[], timeoutMs = 30_000): Promise<Record<string, any>> {
    const events = Array.isArray(event) ? event : [event];
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const index = this.#messages.findIndex((m) => events.includes(m.event));
      if (index >= 0) return this.#messages.splice(0, index + 1).pop()!;
      if (Date.now() > deadline || this.process.exitCode !== null) throw new Error(`child gave no ${events.join('/')} message`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  send(line: string): void {
    this.process.stdin!.write(`${line}\n`);
  }

  kill(): Promise<number | null> {
    this.process.kill('SIGKILL');
    return this.exited;
  }
}
