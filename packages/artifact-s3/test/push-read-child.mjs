// Pushes one generated file of `size` bytes through the built repository, hashing it on the way as the
// core does, reads it back hashing again, and prints {size, pushed, read, maxRssMiB} as JSON. With
// `buffered` last, the file is collected into one Buffer before the push (what a repository that
// buffered would cost; the memory test proves its bound catches that).
// Usage: node push-read-child.mjs <endpoint> <bucket> <modelId> <size> [buffered]
import { Readable } from 'node:stream';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { hashingTap, hashStream } from '@ebonite/test-utils/hashing';
import { s3Artifacts } from '../dist/index.js';

async function whole(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const [endpoint, bucket, modelId, sizeArg, mode] = process.argv.slice(2);
const size = Number(sizeArg);

const repo = s3Artifacts({
  bucket,
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const tap = hashingTap();
const body =
  mode === 'buffered'
    ? Readable.from([await whole(generatedStream(size, 12345).pipe(tap))])
    : generatedStream(size, 12345).pipe(tap);
const [stored] = await repo.push(
  modelId,
  (async function* () {
    yield { name: 'model.bin', body };
  })(),
);
const pushed = tap.digest();
const { size: readSize, digest: read } = await hashStream(await repo.open(modelId, 'model.bin'));
await repo.close();
const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  `${JSON.stringify({ size: stored.size, readSize, pushed, read, maxRssMiB })}\n`,
);
