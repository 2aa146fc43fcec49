import { ServerError } from '../http/server-error.js';

/**
 * A limit on the pushes streaming at once: a push waits for a free slot up to `waitMs` (its body stays
 * unread meanwhile, so TCP holds the client back), then gets `E_BUSY` (503) to retry later.
 */
export class UploadSlots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    readonly waitMs: number,
  ) {
    this.#free = size;
  }

  /** Runs `work` in a slot. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(grant);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(
          new ServerError(
            'E_BUSY',
            `The server is streaming ${this.size} pushes already (its limit): retry in a moment.`,
          ),
        );
      }, this.waitMs);
      this.#waiting.push(grant);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}
