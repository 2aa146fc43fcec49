// A test talking to a fixture child process by JSON lines: the parent side (Child) and the child side
// (say, nextLine). Plain Node, so fixtures can import it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A child process running a fixture script (built JS only), with its JSON-line messages as a queue. */
export class Child {
  process;
  exited;
  #messages = [];
  #waiters = [];

  constructor(script, args = []) {
    const file = script instanceof URL ? fileURLToPath(script) : script;
    this.process = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      this.#messages.push(JSON.parse(line));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /** The next message with this `event` (earlier messages of other events are dropped); fails after `timeoutMs`. */
  async next(event, timeoutMs = 30_000) {
    const events = Array.isArray(event) ? event : [event];
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const index = this.#messages.findIndex((m) => events.includes(m.event));
      if (index >= 0) return this.#messages.splice(0, index + 1).pop();
      if (Date.now() > deadline || this.process.exitCode !== null)
        throw new Error(`child gave no ${events.join('/')} message`);
      await new Promise((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Writes one line to the child's stdin. */
  send(line) {
    this.process.stdin.write(`${line}\n`);
  }

  /** Kills the child at once (SIGKILL); resolves with its exit code. */
  kill() {
    this.process.kill('SIGKILL');
    return this.exited;
  }
}

/** In a child: sends one JSON message to the parent (a line on stdout). */
export function say(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** In a child: resolves with the next line the parent writes to stdin. */
export function nextLine() {
  return new Promise((resolve) => {
    let buffered = '';
    const onData = (data) => {
      buffered += data;
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      process.stdin.off('data', onData);
      process.stdin.pause();
      resolve(buffered.slice(0, end));
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', onData);
    process.stdin.resume();
  });
}
