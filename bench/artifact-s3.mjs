// Benchmark of @ebonite/artifact-s3 against its physical baseline: a plain @aws-sdk/lib-storage Upload
// and a GetObject of the same file, to the same local S3-protocol server (fauxqs, in a child process so
// its memory is not counted here), with the same part size and parallelism.
//
//   node bench/artifact-s3.mjs [sizeMiB=1024] [repeats=3]
//
// Prints a JSON line, then a readable summary. Build the package first: pnpm --filter @ebonite/artifact-s3 build
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { hashingTap as hashing } from '@ebonite/test-utils/hashing';
import { sink as devNull } from '@ebonite/test-utils/streams';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import { loadAverages } from './lib/load-average.mjs';
import { peakRssBytes, rssSampler } from './lib/rss.mjs';
import { startBenchS3 } from './lib/s3-server.mjs';
import { upperMedian as median, roundTo } from './lib/stats.mjs';
import { timeSeconds } from './lib/timing.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MIB = 1024 * 1024;

await main();

async function main() {
  const sizeMiB = Number(process.argv[2] ?? 1024);
  const repeats = Number(process.argv[3] ?? 3);
  const { S3Client, GetObjectCommand, DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const { s3Artifacts } = await import('@ebonite/artifact-s3');
  const { GuardedArtifactRepository } = await import('@ebonite/core');

  const server = await startBenchS3('bench');
  const { bucket, connection } = server;
  // The same tuning on both sides: the repository's defaults.
  const partSize = 8 * MIB;
  const queueSize = 4;

  const { dir, cleanup } = await tempFolder('ebonite-bench-s3-');
  const file = join(dir, 'model.bin');
  const expected = await writeRandomFile(file, sizeMiB * MIB);

  const client = new S3Client(connection);
  const repo = s3Artifacts({ bucket, ...connection, partSize, queueSize });
  const core = new GuardedArtifactRepository(repo);
  const phases = {
    plainUpload: [],
    plainDownload: [],
    plainUploadHashed: [],
    plainDownloadHashed: [],
    eboniteUpload: [],
    eboniteDownload: [],
  };
  const peaks = {};
  const sampler = rssSampler();
  const run = async (name, fn) => {
    sampler.reset();
    phases[name].push(await timeSeconds(fn));
    peaks[name] = Math.max(peaks[name] ?? 0, sampler.peak());
  };

  // Three ways of doing the same round trip; their order rotates each round, so drift in the machine's
  // load (other processes) spreads over all three.
  const ways = [
    async (round) => {
      const key = `plain/${round}/model.bin`;
      await run('plainUpload', () =>
        new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: createReadStream(file) },
          partSize,
          queueSize,
        }).done(),
      );
      await run('plainDownload', async () => {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        await pipeline(Body, devNull());
      });
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    // The same with sha256 computed on the way, to show what hashing alone costs.
    async (round) => {
      const key = `plain-hashed/${round}/model.bin`;
      await run('plainUploadHashed', async () => {
        const tap = hashing();
        await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: createReadStream(file).pipe(tap) },
          partSize,
          queueSize,
        }).done();
        check(tap.digest(), expected);
      });
      await run('plainDownloadHashed', async () => {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const tap = hashing();
        await pipeline(Body, tap, devNull());
        check(tap.digest(), expected);
      });
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    // Through the core over the repository, as a user pushes and reads: sha256 computed on the way in,
    // verified on the way out.
    async (round) => {
      const modelId = `model-${round}`;
      let descriptor;
      await run('eboniteUpload', async () => {
        [descriptor] = await core.push(modelId, [['model.bin', createReadStream(file)]]);
        check(descriptor.digest.slice('sha256:'.length), expected);
        if (descriptor.size !== sizeMiB * MIB) throw new Error(`stored size ${descriptor.size}`);
      });
      await run('eboniteDownload', async () => {
        await pipeline(await core.open(modelId, 'model.bin', descriptor), devNull());
      });
      await repo.delete(modelId);
    },
  ];

  const [loadBefore] = loadAverages(3);
  try {
    for (let round = 0; round < repeats; round++) {
      for (let i = 0; i < ways.length; i++) await ways[(round + i) % ways.length](round);
    }
  } finally {
    sampler.stop();
    client.destroy();
    await repo.close();
    await server.stop();
    await cleanup();
  }

  const medians = Object.fromEntries(
    Object.entries(phases).map(([name, values]) => [name, round3(median(values))]),
  );
  const result = {
    bench: 'artifact-s3',
    sizeMiB,
    repeats,
    partSizeMiB: partSize / MIB,
    queueSize,
    server: 'fauxqs 1.9.2 (child process, loopback)',
    cpus: availableParallelism(),
    loadAverage1m: { before: loadBefore, after: loadAverages(3)[0] },
    secondsMedian: medians,
    secondsAll: Object.fromEntries(
      Object.entries(phases).map(([name, values]) => [name, values.map(round3)]),
    ),
    ratio: {
      upload: round3(medians.eboniteUpload / medians.plainUpload),
      download: round3(medians.eboniteDownload / medians.plainDownload),
      uploadVsHashedPlain: round3(medians.eboniteUpload / medians.plainUploadHashed),
      downloadVsHashedPlain: round3(medians.eboniteDownload / medians.plainDownloadHashed),
    },
    peakRssMiB: {
      process: Math.round(peakRssBytes() / MIB),
      sampledByPhase: Object.fromEntries(
        Object.entries(peaks).map(([name, bytes]) => [name, Math.round(bytes / MIB)]),
      ),
    },
    targets: { ratioMax: 1.15, peakRssMiBMax: 200 },
  };
  console.log(JSON.stringify(result));
  const mibps = (seconds) => Math.round(sizeMiB / seconds);
  console.log(
    `\nartifact-s3: ${sizeMiB} MiB, ${repeats} repeats, parts ${partSize / MIB} MiB x ${queueSize}, medians:`,
  );
  for (const [name, seconds] of Object.entries(medians)) {
    console.log(
      `  ${name.padEnd(20)} ${seconds.toFixed(2).padStart(7)} s  ${String(mibps(seconds)).padStart(5)} MiB/s  peak ~${result.peakRssMiB.sampledByPhase[name]} MiB`,
    );
  }
  console.log(
    `  ratio ebonite/plain: upload ${result.ratio.upload}, download ${result.ratio.download} (target <= 1.15)`,
  );
  console.log(
    `  ratio ebonite/plain+sha256: upload ${result.ratio.uploadVsHashedPlain}, download ${result.ratio.downloadVsHashedPlain}`,
  );
  console.log(`  peak RSS of this process: ${result.peakRssMiB.process} MiB (target < 200)`);
  console.log(
    `  load average (1 min) before/after: ${result.loadAverage1m.before}/${result.loadAverage1m.after} on ${result.cpus} CPUs`,
  );
}

async function writeRandomFile(path, size) {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let left = size; left > 0; left -= 8 * MIB) {
    const chunk = randomBytes(Math.min(8 * MIB, left));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

function check(actual, expected) {
  if (actual !== expected) throw new Error(`sha256 mismatch: ${actual} != ${expected}`);
}

function round3(value) {
  return roundTo(value, 3);
}
