import type { ChildProcess } from 'node:child_process';

/** A child process running a fixture script (built JS only), with its JSON-line messages as a queue. */
export declare class Child {
  readonly process: ChildProcess;
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number | null>;
  /** Starts `node <script> ...args`; `script` is a path or a file URL. */
  constructor(script: string | URL, args?: string[]);
  /** The next message with this `event` (earlier messages of other events are dropped); fails after `timeoutMs`. */
  next(event: string | string[], timeoutMs?: number): Promise<Record<string, any>>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Kills the child at once (SIGKILL); resolves with its exit code. */
  kill(): Promise<number | null>;
}

/** In a child: sends one JSON message to the parent (a line on stdout). */
export declare function say(message: unknown): void;

/** In a child: resolves with the next line the parent writes to stdin. */
export declare function nextLine(): Promise<string>;
