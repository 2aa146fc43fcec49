// pushModel end to end through the client (name check, metadata commit; a 1 KiB artifact with --artifact):
//
//   node bench/client-push.mjs <local|sqlite|postgres> [N ...] [--artifact]   (default N: 100 1000 10000)
//
// For each N: a fresh registry (a temp folder for local and sqlite, a fresh schema at EBONITE_PG_URL for
// postgres, artifacts as plain files), one task, N pushes one by one, each timed. Prints one JSON line and
// one readable line per run: total, medians of the first and of the last 100 pushes.
import path from 'node:path';
import { Ebonite, Model } from '@ebonite/core';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import pg from 'pg';
import { median, roundTo } from './lib/stats.mjs';
import { timeMs } from './lib/timing.mjs';

// Type strings resolve from the project that runs the script: this folder's package.json declares the backends.
process.chdir(path.dirname(new URL(import.meta.url).pathname));
const backend = process.argv[2];
const sizes = process.argv
  .slice(3)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const withArtifact = process.argv.includes('--artifact');
if (!['local', 'sqlite', 'postgres'].includes(backend)) {
  console.error('usage: node bench/client-push.mjs <local|sqlite|postgres> [N ...] [--artifact]');
  process.exit(2);
}
const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ms = (x) => roundTo(x, 3);

async function open(dir, schema) {
  const artifacts = { root: path.join(dir, 'artifacts') };
  if (backend === 'local') return Ebonite.local({ path: dir });
  if (backend === 'sqlite')
    return Ebonite.customClient(
      'sqlalchemy',
      'local',
      { url: `sqlite://${path.join(dir, 'meta.db')}` },
      artifacts,
    );
  return Ebonite.customClient('sqlalchemy', 'local', { url: PG_URL, schema }, artifacts);
}

for (const n of sizes.length ? sizes : [100, 1000, 10000]) {
  const { dir, cleanup } = await tempFolder('ebonite-bench-push-');
  const schema = `ebonite_bench_${process.pid}_${n}`;
  const client = await open(dir, schema);
  const task = await client.getOrCreateTask('bench', 'push');
  const times = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const model = Model.create({
      name: `model-${i}`,
      params: { learningRate: 0.001, epochs: 12, seed: i },
      artifacts: withArtifact ? { 'weights.bin': Buffer.alloc(1024, i & 255) } : {},
    });
    times.push(await timeMs(() => client.pushModel(model, task)));
  }
  const totalMs = performance.now() - start;
  await client.close();
  if (backend === 'postgres') {
    const db = new pg.Client(PG_URL);
    await db.connect();
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
  }
  await cleanup();
  const result = {
    bench: 'client-push',
    backend,
    artifact: withArtifact,
    pushes: n,
    totalMs: ms(totalMs),
    firstMedianMs: ms(median(times.slice(0, 100))),
    lastMedianMs: ms(median(times.slice(-100))),
  };
  console.log(JSON.stringify(result));
  console.log(
    `${backend}${withArtifact ? ' + 1 KiB artifact' : ''}: ${n} pushes in ${(totalMs / 1000).toFixed(2)} s; median first 100 ${result.firstMedianMs} ms, last 100 ${result.lastMedianMs} ms (x${(result.lastMedianMs / result.firstMedianMs).toFixed(2)})`,
  );
}
