import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * A file as a byte stream that opens the file only when first read (a folder of many files never holds
 * many descriptors), calling `onOpen` then, and `onBytes` for every chunk read.
 */
export function lazyFileStream(
  path: string,
  onOpen: () => void,
  onBytes: (bytes: number) => void,
): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    onOpen();
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    try {
      for await (const chunk of stream) {
        onBytes((chunk as Buffer).length);
        yield chunk as Buffer;
      }
    } finally {
      stream.destroy();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
