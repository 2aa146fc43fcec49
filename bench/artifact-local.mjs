// Benchmark of the `local` artifact repository against its physical baseline.
//
//   node bench/artifact-local.mjs [size] [--runs N] [--hwm BYTES] [--dir FOLDER]
//
// size: bytes, or with a unit (256M, 1G); 1 GiB by default. Builds the packages first:
//   pnpm --filter @ebonite/artifact-fs build
// Makes a file of random-ish bytes in a temporary folder, then, N times (3 by default), times:
//   cp     `cp` of the file (the physical baseline for moving bytes);
//   cp+sync `cp` then `sync <copy>` (the same, made durable as push makes its files; shown for
//          reference, the ratios use cp as asked);
//   sha256 node:crypto over a read stream of the file (the baseline for hashing them);
//   push   the file pushed through the core as `{ path }` (GuardedArtifactRepository over the repository:
//          sha256 computed by the core while the repository copies the file with fs.copyFile);
//   push-stream the same bytes given as a stream (written through the process, hashed on the way);
//   read   the file back through the core's open(), verified against its descriptor as it streams.
// Reports medians, the ratios push/max(cp, sha256), read/max(cp, sha256) and push-stream/max(cp+sync,
// sha256) (each target <= 1.25; a stream is written by the process, so its baseline is the durable copy),
// the process's peak RSS (target < 150 MiB) and the load average before and after, as JSON and as a
// summary. Each step starts after an untimed
// `sync`, so none pays for what the step before it left to flush. For the in-process steps it also
// reports the user and system CPU seconds, which tell hashing from kernel (page cache, file system) work.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { localArtifacts } from '@ebonite/artifact-fs';
import { GuardedArtifactRepository } from '@ebonite/core/plugin';
import { sink as dropAll } from '@ebonite/test-utils/streams';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import { parseSize, takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { peakRssMiB } from './lib/rss.mjs';
import { upperMedian as median } from './lib/stats.mjs';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const runs = Number(option('--runs', '3'));
const highWaterMark = Number(option('--hwm', String(MiB)));
const parent = option('--dir', tmpdir());
const size = parseSize(args[0] ?? '1G', '256M, 1G');

/** Writes `size` random-ish bytes: a 16 MiB random pool, sliced at a moving offset and stamped with a counter. */
async function makeFile(file) {
  const pool = randomBytes(16 * MiB + MiB);
  async function* chunks() {
    for (let offset = 0, index = 0; offset < size; offset += MiB, index++) {
      const chunk = Buffer.from(
        pool.subarray(
          (index * 7919) % (16 * MiB),
          ((index * 7919) % (16 * MiB)) + Math.min(MiB, size - offset),
        ),
      );
      chunk.writeUInt32BE(index, 0);
      yield chunk;
    }
  }
  await pipeline(chunks, createWriteStream(file, { highWaterMark }));
}

/**
 * Flushes the file system before each timed step, untimed, so a step does not pay for the writeback or
 * the discards (ext4 `-o discard`) left by the step before it.
 */
function settle() {
  spawnSync('sync');
}

/** Wall seconds of `fn`, and this process's user and system CPU seconds during it (not its children's). */
async function time(fn) {
  settle();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  return { seconds, user: user / 1e6, system: system / 1e6, result };
}

const sink = () => dropAll({ highWaterMark });

const loadBefore = loadAverages(2);
const { dir, cleanup } = await tempFolder('ebonite-bench-', parent);
try {
  const source = path.join(dir, 'source.bin');
  await makeFile(source);
  const repo = new GuardedArtifactRepository(
    localArtifacts({ root: path.join(dir, 'store'), highWaterMark }),
  );
  const samples = { cp: [], 'cp+sync': [], sha256: [], push: [], 'push-stream': [], read: [] };
  const cpu = {
    sha256: { user: [], system: [] },
    push: { user: [], system: [] },
    'push-stream': { user: [], system: [] },
    read: { user: [], system: [] },
  };
  const record = (name, timed) => {
    samples[name].push(timed.seconds);
    cpu[name].user.push(timed.user);
    cpu[name].system.push(timed.system);
    return timed.result;
  };
  let digest;
  for (let run = 0; run < runs; run++) {
    const copy = path.join(dir, 'copy.bin');
    samples.cp.push(
      (
        await time(() => {
          const cp = spawnSync('cp', [source, copy]);
          if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr}`);
        })
      ).seconds,
    );
    await rm(copy);
    samples['cp+sync'].push(
      (
        await time(() => {
          for (const [command, ...rest] of [
            ['cp', source, copy],
            ['sync', copy],
          ]) {
            const done = spawnSync(command, rest);
            if (done.status !== 0) throw new Error(`${command} failed: ${done.stderr}`);
          }
        })
      ).seconds,
    );
    await rm(copy);

    const hashed = await time(async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(source, { highWaterMark })) hash.update(chunk);
      return hash.digest('hex');
    });
    digest = record('sha256', hashed);

    // Through the core, as a user pushes: a `{ path }` source (the repository copies the file in the
    // kernel while the core hashes it), and the same bytes as a plain stream (written by the process).
    const modelId = `bench-${run}`;
    const streamed = await time(
      async () =>
        (
          await repo.push(`${modelId}-stream`, [
            ['weights/model.bin', createReadStream(source, { highWaterMark })],
          ])
        )[0],
    );
    record('push-stream', streamed);
    await repo.delete(`${modelId}-stream`);
    const pushed = await time(
      async () => (await repo.push(modelId, [['weights/model.bin', { path: source }]]))[0],
    );
    const descriptor = record('push', pushed);

    // Read back through the core, verified against the descriptor as it streams (the verification is the hashing).
    const read = await time(async () => {
      await pipeline(await repo.open(modelId, 'weights/model.bin', descriptor), sink());
      return descriptor;
    });
    record('read', read);
    for (const d of [descriptor, streamed.result]) {
      if (d.digest !== `sha256:${digest}` || d.size !== size)
        throw new Error(
          `run ${run}: digest or size differs (source sha256:${digest}, pushed ${d.digest}, ${d.size} B)`,
        );
    }
    await repo.delete(modelId);
  }

  const medians = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, median(values)]),
  );
  const baseline = Math.max(medians.cp, medians.sha256);
  const durableBaseline = Math.max(medians['cp+sync'], medians.sha256);
  const peakMiB = peakRssMiB();
  const report = {
    benchmark: 'artifact-local',
    sizeBytes: size,
    runs,
    highWaterMark,
    node: process.version,
    samplesSeconds: samples,
    medianSeconds: medians,
    medianCpuSeconds: Object.fromEntries(
      Object.entries(cpu).map(([name, { user, system }]) => [
        name,
        { user: median(user), system: median(system) },
      ]),
    ),
    throughputMiBps: Object.fromEntries(
      Object.entries(medians).map(([name, s]) => [name, Math.round(size / MiB / s)]),
    ),
    ratios: {
      push: medians.push / baseline,
      read: medians.read / baseline,
      pushVsDurableBaseline: medians.push / durableBaseline,
      pushStream: medians['push-stream'] / durableBaseline,
    },
    peakRssMiB: peakMiB,
    loadAverage: { before: loadBefore, after: loadAverages(2) },
    targets: { ratio: 1.25, peakRssMiB: 150 },
    pass:
      medians.push / baseline <= 1.25 &&
      medians.read / baseline <= 1.25 &&
      medians['push-stream'] / durableBaseline <= 1.25 &&
      peakMiB < 150,
  };
  console.log(JSON.stringify(report, null, 2));
  const cpuText = (name) =>
    report.medianCpuSeconds[name]
      ? `   cpu user ${report.medianCpuSeconds[name].user.toFixed(2)} s, system ${report.medianCpuSeconds[name].system.toFixed(2)} s`
      : '';
  const line = (name) =>
    `  ${name.padEnd(11)} ${medians[name].toFixed(3)} s  ${String(report.throughputMiBps[name]).padStart(5)} MiB/s${cpuText(name)}`;
  console.log(
    `\n${(size / MiB).toFixed(0)} MiB, median of ${runs} runs, ${highWaterMark / 1024} KiB chunks, load average ${loadBefore.join(' ')} before, ${report.loadAverage.after.join(' ')} after`,
  );
  for (const name of ['cp', 'cp+sync', 'sha256', 'push', 'push-stream', 'read'])
    console.log(line(name));
  console.log(
    `  push / max(cp, sha256) = ${report.ratios.push.toFixed(2)}   read / max(cp, sha256) = ${report.ratios.read.toFixed(2)}   (target <= 1.25)`,
  );
  console.log(
    `  push / max(cp+sync, sha256) = ${report.ratios.pushVsDurableBaseline.toFixed(2)}   (push fsyncs every file: the durable baseline)`,
  );
  console.log(
    `  push-stream / max(cp+sync, sha256) = ${report.ratios.pushStream.toFixed(2)}   (target <= 1.25)`,
  );
  console.log(
    `  peak RSS ${peakMiB.toFixed(1)} MiB (target < 150)   ${report.pass ? 'PASS' : 'FAIL'}`,
  );
} finally {
  await cleanup();
}
