// Pushes one generated file of `size` bytes through the built repository, hashing it on the way as the
// core does, reads it back hashing again, and prints {size, pushed, read, maxRssMiB} as JSON.
// Usage: node push-read-child.mjs <endpoint> <bucket> <modelId> <size>
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { hashingTap, hashStream } from '@ebonite/test-utils/hashing';
import { s3Artifacts } from '../dist/index.js';

const [endpoint, bucket, modelId, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);

const repo = s3Artifacts({
  bucket,
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const tap = hashingTap();
const body = generatedStream(size, 12345).pipe(tap);
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
