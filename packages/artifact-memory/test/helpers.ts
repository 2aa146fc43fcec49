import { Readable } from 'node:stream';
import type { Volume } from 'memfs';

/** Every file and empty folder of the volume under `folder`, as memfs's toJSON sees them, sorted. */
export function tree(volume: Volume, folder = '/'): string[] {
  return Object.keys(volume.toJSON(folder)).sort();
}

/** A stream that sends `first`, then waits for `release` before sending `second`. */
export function pausedStream(
  first: Buffer,
  second: Buffer,
  release: Promise<void>,
  reached: () => void,
): Readable {
  return Readable.from(
    (async function* () {
      yield first;
      reached();
      await release;
      yield second;
    })(),
  );
}
