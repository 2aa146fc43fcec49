// The full load run on loopback: N clients (default 50) for D seconds (default 60) against a registry
// server in its own process (SQLite + local files), each looping over getModel (50%), searchModels (a
// first page of 20 of the task, newest first: 10%), verified pulls of a 256 KiB model (25%) and pushes of
// new 64 KiB models (15%); then every acknowledged push is read back
// verified. Reports counts, failures, latency percentiles and the server's RSS at start and end.
// (The test suite runs the same mix for 8 s with 10 clients: packages/remote/test/load.test.ts.)
//
//   node bench/server-load.mjs [--clients 50] [--seconds 60]
import { createHash, randomBytes } from 'node:crypto';
import { Ebonite, Model } from '@ebonite/core';
import { httpArtifacts, httpMetadata } from '@ebonite/remote';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { startRegistryServer } from './lib/registry-server.mjs';
import { roundTo } from './lib/stats.mjs';

const args = process.argv.slice(2);
const clients = Number(takeOption(args, '--clients', '50'));
const seconds = Number(takeOption(args, '--seconds', '60'));
const server = await startRegistryServer();
const remote = { url: server.url, token: server.token };
const open = () => new Ebonite(httpMetadata(remote), httpArtifacts(remote));
const rssStart = await server.rss();
const setup = open();
const task = await setup.getOrCreateTask('load', 'mix');
const seed = randomBytes(256 * 1024);
await setup.pushModel(Model.create({ name: 'seed', artifacts: { 'w.bin': seed } }), task);
await setup.close();
const counts = { getModel: 0, searchModels: 0, pull: 0, push: 0 };
const failures = [];
const pushed = [];
const latencies = [];
const until = Date.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, n) => {
    const client = open();
    for (let i = 0; Date.now() < until; ) {
      const roll = Math.random();
      const kind =
        roll < 0.5 ? 'getModel' : roll < 0.6 ? 'searchModels' : roll < 0.85 ? 'pull' : 'push';
      const started = performance.now();
      try {
        if (kind === 'getModel') {
          if (!(await client.getModel('seed', task))) throw new Error('seed missing');
        } else if (kind === 'searchModels') {
          const page = await client.searchModels({ task, limit: 20 });
          if (!page.models.length) throw new Error('search found nothing');
        } else if (kind === 'pull') {
          const bytes = (await (await client.getModel('seed', task)).files.bytesDict())['w.bin'];
          if (!Buffer.from(bytes).equals(seed)) throw new Error('pulled bytes differ');
        } else {
          const bytes = randomBytes(64 * 1024);
          const name = `m-${n}-${i++}`;
          await client.pushModel(Model.create({ name, artifacts: { 'w.bin': bytes } }), task);
          pushed.push({ name, digest: createHash('sha256').update(bytes).digest('hex') });
        }
        counts[kind]++;
        latencies.push(performance.now() - started);
      } catch (error) {
        failures.push(`${kind}: ${error.message}`);
      }
    }
    await client.close();
  }),
);
const check = open();
for (const { name, digest } of pushed) {
  const model = await check.getModel(name, task);
  const bytes = model && (await model.files.bytesDict())['w.bin'];
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== digest)
    failures.push(`acknowledged push ${name} is not readable as pushed`);
}
await check.close();
const rssEnd = await server.rss();
latencies.sort((a, b) => a - b);
const at = (q) =>
  roundTo(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))], 1);
console.log(
  JSON.stringify(
    {
      clients,
      seconds,
      counts,
      failures: failures.length,
      firstFailures: failures.slice(0, 5),
      acknowledgedPushesVerified: pushed.length,
      latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99) },
      serverRssMiB: {
        start: roundTo(rssStart.rss / 2 ** 20, 0),
        end: roundTo(rssEnd.rss / 2 ** 20, 0),
        peak: roundTo(rssEnd.peak / 2 ** 20, 0),
      },
      loadAverage: loadAverages(2),
    },
    null,
    2,
  ),
);
await server.stop();
if (failures.length) process.exitCode = 1;
