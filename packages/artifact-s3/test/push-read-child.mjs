// Pushes one generated file of `size` bytes through the built repository, hashing it on the way as the
// core does, reads it back hashing again, and prints {size, pushed, read, maxRssMiB} as JSON.
// Usage: node push-read-child.mjs <endpoint> <bucket> <modelId> <size>
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { s3Artifacts } from '../dist/index.js';

const [endpoint, bucket, modelId, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);
const CHUNK = 1024 * 1024;

function generated(total) {
  let state = 12345;
  let left = total;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (left === 0) return void this.push(null);
      const length = Math.min(CHUNK, left);
      const words = new Uint32Array(Math.ceil(length / 4));
      for (let i = 0; i < words.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words[i] = state >>> 0;
      }
      left -= length;
      this.push(Buffer.from(words.buffer, 0, length));
    },
  });
}

function hashing() {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return Object.assign(tap, { digest: () => hash.digest('hex') });
}

const repo = s3Artifacts({
  bucket,
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const tap = hashing();
const body = generated(size).pipe(tap);
const [stored] = await repo.push(modelId, (async function* () {
  yield { name: 'model.bin', body };
})());
const pushed = tap.digest();
const read = createHash('sha256');
let readSize = 0;
for await (const chunk of await repo.open(modelId, 'model.bin')) {
  read.update(chunk);
  readSize += chunk.length;
}
await repo.close();
const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ size: stored.size, readSize, pushed, read: read.digest('hex'), maxRssMiB })}\n`);
