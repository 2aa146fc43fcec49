// getModel through the registry server (its own process, SQLite + local files) with N concurrent
// connections for D seconds (autocannon on loopback), median and p99 latency, for the two ways a client
// asks: by names (GET /projects/{p}/tasks/{t}/models/{m}, three look-ups) and as the http metadata
// repository does (GET /metadata/tasks/{id}/models?name=), with the server's CPU time per request.
// Then the http metadata repository's own `getModel` (the client's latency, one call at a time and 50 at
// once) on each transport, node:http and fetch. Medians over `runs` (default 3).
// BENCH_SERVER_LOG=1 runs the server with info logs (as `ebonite serve` does) into /dev/null.
//
//   node bench/server-getmodel.mjs [--connections 50] [--seconds 10] [--runs 3]
import { Ebonite, Model } from '@ebonite/core';
import { httpArtifacts, httpMetadata } from '@ebonite/remote';
import autocannon from 'autocannon';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { startRegistryServer } from './lib/registry-server.mjs';
import { median } from './lib/stats.mjs';

/** The `q` quantile of `values` (ms, to 0.01). */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
}

const args = process.argv.slice(2);
const connections = Number(takeOption(args, '--connections', '50'));
const seconds = Number(takeOption(args, '--seconds', '10'));
const runs = Number(takeOption(args, '--runs', '3'));
const server = await startRegistryServer();
const remote = { url: server.url, token: server.token };
const client = new Ebonite(httpMetadata(remote), httpArtifacts(remote));
const task = await client.getOrCreateTask('bench', 'latency');
await client.pushModel(
  Model.create({ name: 'm', artifacts: { 'w.bin': Buffer.alloc(1000) } }),
  task,
);
const paths = {
  byName: '/api/v1/projects/bench/tasks/latency/models/m',
  byTaskId: `/api/v1/metadata/tasks/${task.id}/models?name=m`,
};
const results = {};
try {
  for (const [name, path] of Object.entries(paths)) {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const cpuBefore = (await server.rss()).cpuMs;
      const r = await autocannon({
        url: `${server.url}${path}`,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${server.token}` },
      });
      if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      const cpuMs = (await server.rss()).cpuMs - cpuBefore;
      samples.push({
        p50: r.latency.p50,
        serverCpuUsPerRequest: Math.round((cpuMs * 1000) / r.requests.total),
        p99: r.latency.p99,
        rps: r.requests.average,
        load: loadAverages(2)[0],
      });
    }
    results[name] = {
      runs: samples,
      median: {
        p50Ms: median(samples.map((s) => s.p50)),
        p99Ms: median(samples.map((s) => s.p99)),
        requestsPerSecond: median(samples.map((s) => s.rps)),
        serverCpuUsPerRequest: median(samples.map((s) => s.serverCpuUsPerRequest)),
      },
    };
  }
  await client.close();
  const viaClient = { node: [], fetch: [] };
  for (let run = 0; run < runs; run++)
    for (const transport of ['node', 'fetch']) {
      const options = { ...remote, transport };
      const http = new Ebonite(httpMetadata(options), httpArtifacts(options));
      for (let i = 0; i < 200; i++) await http.getModel('m', task); // connections, JIT
      const one = [];
      for (let i = 0; i < 2000; i++) {
        const start = performance.now();
        await http.getModel('m', task);
        one.push(performance.now() - start);
      }
      const many = [];
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let i = 0; i < 40; i++) {
            const start = performance.now();
            await http.getModel('m', task);
            many.push(performance.now() - start);
          }
        }),
      );
      await http.close();
      viaClient[transport].push({
        oneAtATime: { p50: quantile(one, 0.5), p99: quantile(one, 0.99) },
        fiftyAtOnce: { p50: quantile(many, 0.5), p99: quantile(many, 0.99) },
        load: loadAverages(2)[0],
      });
    }
  results.httpRepositoryGetModelMs = Object.fromEntries(
    Object.entries(viaClient).map(([transport, samples]) => [
      transport,
      {
        runs: samples,
        median: {
          oneAtATime: {
            p50: median(samples.map((s) => s.oneAtATime.p50)),
            p99: median(samples.map((s) => s.oneAtATime.p99)),
          },
          fiftyAtOnce: {
            p50: median(samples.map((s) => s.fiftyAtOnce.p50)),
            p99: median(samples.map((s) => s.fiftyAtOnce.p99)),
          },
        },
      },
    ]),
  );
  const rss = await server.rss();
  console.log(
    JSON.stringify(
      {
        connections,
        seconds,
        results,
        serverPeakRssMiB: Math.round(rss.peak / 2 ** 20),
        target: 'p50 < 5 ms, p99 < 50 ms',
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
}
