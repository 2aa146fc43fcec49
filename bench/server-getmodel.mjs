// getModel through the registry server (its own process, SQLite + local files) with N concurrent
// connections for D seconds (autocannon on loopback), median and p99 latency, for the two ways a client
// asks: by names (GET /projects/{p}/tasks/{t}/models/{m}, three look-ups) and as the http metadata
// repository does (GET /metadata/tasks/{id}/models?name=). Medians over `runs` (default 3).
//
//   node bench/server-getmodel.mjs [--connections 50] [--seconds 10] [--runs 3]
import { Ebonite, Model } from '@ebonite/core';
import { httpArtifacts, httpMetadata } from '@ebonite/remote';
import autocannon from 'autocannon';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { startRegistryServer } from './lib/registry-server.mjs';
import { median } from './lib/stats.mjs';

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
await client.close();
const paths = {
  byName: '/api/v1/projects/bench/tasks/latency/models/m',
  byTaskId: `/api/v1/metadata/tasks/${task.id}/models?name=m`,
};
const results = {};
try {
  for (const [name, path] of Object.entries(paths)) {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const r = await autocannon({
        url: `${server.url}${path}`,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${server.token}` },
      });
      if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      samples.push({
        p50: r.latency.p50,
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
      },
    };
  }
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
