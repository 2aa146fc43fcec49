import type cliProgress from 'cli-progress';
import { formatBytes } from './format.js';

/** Where progress goes: a bar on a terminal, plain lines elsewhere, nothing with `--quiet`. */
export interface Progress {
  /** Starts (or restarts) the bar at 0 of `totalBytes`. */
  start(totalBytes: number, label: string): void;
  /** Moves the bar to `bytesDone`, optionally with a new label. */
  update(bytesDone: number, label?: string): void;
  /** One line of news (a model copied, a file pushed); printed as is when not on a terminal, above the bar on one. */
  line(text: string): void;
  /** Ends the bar. */
  stop(): void;
}

/** Output streams as the CLI sees them. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Makes the progress reporter for a command; cli-progress is loaded only for a terminal. */
export async function createProgress(
  stream: ProgressStream,
  { quiet, interactive = stream.isTTY === true }: { quiet: boolean; interactive?: boolean },
): Promise<Progress> {
  if (quiet) return { start() {}, update() {}, line() {}, stop() {} };
  if (!interactive)
    return { start() {}, update() {}, line: (text) => void stream.write(`${text}\n`), stop() {} };
  return new TerminalProgress(stream, (await import('cli-progress')).default);
}

/** A cli-progress bar: bytes done of total, rate, time left, and what is being worked on. */
class TerminalProgress implements Progress {
  readonly #bar: cliProgress.SingleBar;
  #started = 0;
  #running = false;

  constructor(stream: ProgressStream, cli: typeof cliProgress) {
    this.#bar = new cli.SingleBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: '{bar} {percentage}% | {value} / {total} | {rate} | ETA {eta_formatted} | {label}',
        formatValue: (value, _options, type) =>
          type === 'value' || type === 'total' ? formatBytes(Number(value)) : String(value),
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
        fps: 8,
      },
      cli.Presets.shades_classic,
    );
  }

  start(totalBytes: number, label: string): void {
    this.#started = Date.now();
    this.#running = true;
    this.#bar.start(Math.max(totalBytes, 1), 0, { label, rate: '-' });
  }

  update(bytesDone: number, label?: string): void {
    const seconds = (Date.now() - this.#started) / 1000;
    const rate = seconds > 0.2 ? `${formatBytes(bytesDone / seconds)}/s` : '-';
    this.#bar.update(bytesDone, label === undefined ? { rate } : { rate, label });
  }

  line(text: string): void {
    if (!this.#running) return;
    // A line of news on a terminal would fight with the bar: show it as the label instead.
    this.#bar.update({ label: text });
  }

  stop(): void {
    if (this.#running) this.#bar.stop();
    this.#running = false;
  }
}
