// A large artifact through the registry server (in its own process, SQLite + local files) against its
// physical baselines, in the same run:
//   download: the remote client's verified read (core verification on both sides) vs reading the same
//             file from the server's local store and hashing it (sha256);
//   upload:   a push through the server vs the local push of the same file into a local registry.
// Also the peak RSS of the server and of this (client) process. Medians of `runs` (default 3).
//
//   node bench/server-transfer.mjs [1G] [--runs 3]
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { localArtifacts } from '@ebonite/artifact-fs';
import { Ebonite, Model } from '@ebonite/core';
import { localMetadata } from '@ebonite/meta-local';
import { httpArtifacts, httpMetadata } from '@ebonite/remote';
import { generatedStream } from '@ebonite/test-utils/generated-stream';
import { sink } from '@ebonite/test-utils/streams';
import { parseSize, takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { startRegistryServer } from './lib/registry-server.mjs';
import { peakRssMiB } from './lib/rss.mjs';
import { registryPath } from './lib/server-paths.mjs';
import { median, roundTo } from './lib/stats.mjs';
import { timeSeconds } from './lib/timing.mjs';

const args = process.argv.slice(2);
const runs = Number(takeOption(args, '--runs', '3'));
const size = parseSize(args[0] ?? '1G');
const MiB = 1024 * 1024;
const work = await mkdtemp(join(tmpdir(), 'ebonite-bench-transfer-'));
const source = join(work, 'weights.bin');
await pipeline(generatedStream(size, 7), createWriteStream(source));
const server = await startRegistryServer();
const remote = { url: server.url, token: server.token };
const client = new Ebonite(httpMetadata(remote), httpArtifacts(remote));
const task = await client.getOrCreateTask('bench', 'transfer');
const times = { localPush: [], remotePush: [], localRead: [], remoteRead: [] };
const load = [loadAverages(2)];
try {
  for (let run = 0; run < runs; run++) {
    const path = join(work, `local-${run}`);
    const local = new Ebonite(
      localMetadata({ path: join(path, 'metadata.json') }),
      localArtifacts({ root: join(path, 'artifacts') }),
    );
    const localTask = await local.getOrCreateTask('bench', 'transfer');
    if (process.env.BENCH_DEBUG)
      console.error(`before local push: ${Math.round(peakRssMiB())} MiB`);
    times.localPush.push(
      await timeSeconds(() =>
        local.pushModel(
          Model.create({ name: `m${run}`, artifacts: { 'weights.bin': { path: source } } }),
          localTask,
        ),
      ),
    );
    await local.close();
    await rm(join(work, `local-${run}`), { recursive: true, force: true });
    if (process.env.BENCH_DEBUG) console.error(`after local push: ${Math.round(peakRssMiB())} MiB`);
    let model;
    times.remotePush.push(
      await timeSeconds(async () => {
        model = await client.pushModel(
          Model.create({ name: `m${run}`, artifacts: { 'weights.bin': { path: source } } }),
          task,
        );
      }),
    );
    if (process.env.BENCH_DEBUG)
      console.error(`after remote push: ${Math.round(peakRssMiB())} MiB`);
    const stored = registryPath(server.dir, model.id, 'weights.bin');
    times.localRead.push(
      await timeSeconds(async () => {
        const hash = createHash('sha256');
        for await (const chunk of createReadStream(stored, { highWaterMark: MiB }))
          hash.update(chunk);
        if (`sha256:${hash.digest('hex')}` !== model.artifacts[0].digest) throw new Error('digest');
      }),
    );
    times.remoteRead.push(
      await timeSeconds(async () => pipeline(await model.artifact.open('weights.bin'), sink())),
    );
    if (process.env.BENCH_DEBUG)
      console.error(`run ${run}: peak RSS ${Math.round(peakRssMiB())} MiB`);
    await client.deleteModel(model);
    load.push(loadAverages(2));
  }
  const serverRss = await server.rss();
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const mibps = (s) => roundTo(size / MiB / s, 0);
  console.log(
    JSON.stringify(
      {
        size: `${roundTo(size / MiB, 0)} MiB`,
        runs,
        seconds: Object.fromEntries(
          Object.entries(times).map(([k, v]) => [k, v.map((x) => roundTo(x, 2))]),
        ),
        median: {
          download: `${roundTo(m.remoteRead, 2)} s (${mibps(m.remoteRead)} MiB/s) vs read+sha256 of the stored file ${roundTo(m.localRead, 2)} s: ${roundTo(m.remoteRead / m.localRead, 2)}x (target <= 1.3x)`,
          upload: `${roundTo(m.remotePush, 2)} s (${mibps(m.remotePush)} MiB/s) vs local push ${roundTo(m.localPush, 2)} s: ${roundTo(m.remotePush / m.localPush, 2)}x (target <= 1.3x)`,
        },
        peakRssMiB: {
          server: roundTo(serverRss.peak / MiB, 0),
          client: roundTo(peakRssMiB(), 0),
          target: '< 200 each',
        },
        loadAverage: load,
      },
      null,
      2,
    ),
  );
} finally {
  await client.close();
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
