import type { Readable } from 'node:stream';
import type { Ebonite } from '@ebonite/core';
import { type ClientLocation, locateClient, openClient } from './open-client.js';
import { createProgress, type Progress, type ProgressStream } from './output/progress.js';

/** The process around a command: its streams, environment and folder (injectable for tests). */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Options every command takes. */
export interface GlobalOptions {
  config?: string;
  quiet?: boolean;
}

/** What a command works with: output, progress and the registry. */
export class CommandContext {
  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {}

  /** Data for the user (tables, JSON, results): stdout. */
  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** News about the work (not data): stderr, silenced by `--quiet`. */
  info(text: string): void {
    if (!this.options.quiet) this.io.stderr.write(`${text}\n`);
  }

  /** Warnings and problems: stderr, always. */
  warn(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** A progress bar on a terminal, plain lines otherwise, nothing with `--quiet`. */
  progress(): Promise<Progress> {
    return createProgress(this.io.stderr, { quiet: this.options.quiet === true });
  }

  /** Where the registry is: `--config`, `$EBONITE_CONFIG` or `./.ebonite`. */
  location(): ClientLocation {
    return locateClient(this.options.config, this.io.env, this.io.cwd);
  }

  /** Runs `work` with a client on `location` (the registry by default), closing it afterwards. */
  async withClient<T>(
    work: (client: Ebonite) => Promise<T>,
    {
      mustExist = true,
      location = this.location(),
    }: { mustExist?: boolean; location?: ClientLocation } = {},
  ): Promise<T> {
    const client = await openClient(location, { mustExist });
    let result: T;
    try {
      result = await work(client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    await client.close();
    return result;
  }
}
