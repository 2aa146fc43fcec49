// A large artifact through the registry server (in its own process, SQLite + local files) against its
// physical baselines, in the same run:
//   download: the remote client's verified read (the server sends the stored bytes, the client's core
//             verifies them) vs reading the same file from the server's local store and hashing it
//             (sha256); also the floor of any client of this server on this machine: a plain
//             `http.get` of the same bytes, hashed (sha256), nothing else;
//   upload:   a push through the server vs the local push of the same file into a local registry.
// Each step reports its wall time and the CPU time of the client (this process) and of the server:
// on a loaded machine the wall times follow the load, the CPU times much less. Also the peak RSS of the
// server and of this (client) process. Medians of `runs` (default 3).
//
//   node bench/server-transfer.mjs [1G] [--runs 3] [--transport node|fetch]
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
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

const args = process.argv.slice(2);
const runs = Number(takeOption(args, '--runs', '3'));
const transport = takeOption(args, '--transport', undefined);
const size = parseSize(args[0] ?? '1G');
const MiB = 1024 * 1024;
const work = await mkdtemp(join(tmpdir(), 'ebonite-bench-transfer-'));
const source = join(work, 'weights.bin');
await pipeline(generatedStream(size, 7), createWriteStream(source));
const server = await startRegistryServer();
const remote = { url: server.url, token: server.token, ...(transport && { transport }) };
const client = new Ebonite(httpMetadata(remote), httpArtifacts(remote));
const task = await client.getOrCreateTask('bench', 'transfer');
const steps = ['localPush', 'remotePush', 'localRead', 'remoteRead', 'plainGet'];
const times = Object.fromEntries(steps.map((s) => [s, []]));
const cpu = Object.fromEntries(steps.map((s) => [s, { client: [], server: [] }]));
const load = [loadAverages(2)];
const agent = new http.Agent({ keepAlive: true });

/** Runs one step, recording its wall time and the CPU time (ms) of both processes. */
async function step(name, fn) {
  const serverBefore = (await server.rss()).cpuMs;
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  await fn();
  times[name].push((performance.now() - start) / 1000);
  const used = process.cpuUsage(clientBefore);
  cpu[name].client.push((used.user + used.system) / 1000);
  cpu[name].server.push((await server.rss()).cpuMs - serverBefore);
}

/** A plain GET of the stored bytes (the route the http repository reads), hashed: nothing else. */
function plainGet(modelId, digest) {
  return new Promise((resolve, reject) => {
    const url = `${server.url}/api/v1/artifacts/${modelId}/files/weights.bin`;
    const headers = { authorization: `Bearer ${server.token}` };
    http
      .get(url, { agent, headers }, (res) => {
        const hash = createHash('sha256');
        res.on('data', (chunk) => hash.update(chunk));
        res.on('error', reject);
        res.on('end', () =>
          `sha256:${hash.digest('hex')}` === digest ? resolve() : reject(new Error('digest')),
        );
      })
      .on('error', reject);
  });
}

try {
  for (let run = 0; run < runs; run++) {
    const path = join(work, `local-${run}`);
    const local = new Ebonite(
      localMetadata({ path: join(path, 'metadata.json') }),
      localArtifacts({ root: join(path, 'artifacts') }),
    );
    const localTask = await local.getOrCreateTask('bench', 'transfer');
    await step('localPush', () =>
      local.pushModel(
        Model.create({ name: `m${run}`, artifacts: { 'weights.bin': { path: source } } }),
        localTask,
      ),
    );
    await local.close();
    await rm(join(work, `local-${run}`), { recursive: true, force: true });
    let model;
    await step('remotePush', async () => {
      model = await client.pushModel(
        Model.create({ name: `m${run}`, artifacts: { 'weights.bin': { path: source } } }),
        task,
      );
    });
    if (process.env.BENCH_DEBUG)
      console.error(`after remote push: ${Math.round(peakRssMiB())} MiB`);
    const stored = registryPath(server.dir, model.id, 'weights.bin');
    await step('localRead', async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(stored, { highWaterMark: MiB }))
        hash.update(chunk);
      if (`sha256:${hash.digest('hex')}` !== model.artifacts[0].digest) throw new Error('digest');
    });
    await step('remoteRead', async () => pipeline(await model.files.open('weights.bin'), sink()));
    await step('plainGet', () => plainGet(model.id, model.artifacts[0].digest));
    if (process.env.BENCH_DEBUG)
      console.error(`run ${run}: peak RSS ${Math.round(peakRssMiB())} MiB`);
    await client.deleteModel(model);
    load.push(loadAverages(2));
  }
  const serverRss = await server.rss();
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const c = Object.fromEntries(
    Object.entries(cpu).map(([k, v]) => [
      k,
      { client: roundTo(median(v.client), 0), server: roundTo(median(v.server), 0) },
    ]),
  );
  const mibps = (s) => roundTo(size / MiB / s, 0);
  const x = (a, b) => `${roundTo(a / b, 2)}x`;
  console.log(
    JSON.stringify(
      {
        size: `${roundTo(size / MiB, 0)} MiB`,
        runs,
        transport: transport ?? 'default (node)',
        seconds: Object.fromEntries(
          Object.entries(times).map(([k, v]) => [k, v.map((s) => roundTo(s, 2))]),
        ),
        median: {
          download: `${roundTo(m.remoteRead, 2)} s (${mibps(m.remoteRead)} MiB/s) vs read+sha256 of the stored file ${roundTo(m.localRead, 2)} s: ${x(m.remoteRead, m.localRead)} (target <= 1.3x); a plain http.get + sha256 of the same bytes: ${roundTo(m.plainGet, 2)} s, ${x(m.plainGet, m.localRead)}`,
          upload: `${roundTo(m.remotePush, 2)} s (${mibps(m.remotePush)} MiB/s) vs local push ${roundTo(m.localPush, 2)} s: ${x(m.remotePush, m.localPush)} (target <= 1.3x)`,
        },
        medianCpuMs: c,
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
  agent.destroy();
  await client.close();
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
