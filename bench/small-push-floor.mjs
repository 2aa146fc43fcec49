// pushModel end to end through the client (name check, metadata commit; a 1 KiB artifact with --artifact):
//
//   node bench/small-push-floor.mjs <local|sqlite|postgres> [N ...] [--artifact]   (default N: 100 1000 10000)
//
// For each N: a fresh registry (a temp folder for local and sqlite, a fresh schema at EBONITE_PG_URL for
// postgres, artifacts as plain files), one task, N pushes one by one, each timed. Prints one JSON line and
// one readable line per run: total, medians of the first and of the last 100 pushes.
//
// With --artifact, the physical floor of such a push runs beside it, in alternating blocks of 10 (so
// both see the same load): write a 1 KiB file and fdatasync it, rename it into a new folder, fsync that
// folder and its parent, append a metadata line to a journal and fdatasync it. `floor` makes these
// calls synchronously (no event loop: what the disk costs), `floor-async` through node:fs/promises (what
// the same calls cost through Node's thread pool). Target (issue 11): local + local within 1.3 times
// `floor`, the last 100 pushes no slower than 1.5 times the first 100. Reports the load average.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Ebonite, Model } from '@ebonite/core';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import pg from 'pg';
import { loadAverages } from './lib/load-average.mjs';
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
  console.error(
    'usage: node bench/small-push-floor.mjs <local|sqlite|postgres> [N ...] [--artifact]',
  );
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

/** A journal line of the size `local` metadata appends for such a model. */
const JOURNAL_LINE = `${JSON.stringify({ op: 'put', kind: 'model', record: { id: randomUUID(), name: 'model-0', params: { learningRate: 0.001, epochs: 12, seed: 0 }, artifacts: [{ name: 'weights.bin', size: 1024, digest: `sha256:${'ab'.repeat(32)}` }], pad: 'x'.repeat(80) } })}\n`;

/** The folders and journal of the floor, under `dir`; `sync(i)` and `async(i)` do push i's work. */
function floorOf(dir) {
  const models = path.join(dir, 'model');
  const temp = path.join(dir, '.tmp');
  fs.mkdirSync(models, { recursive: true });
  fs.mkdirSync(temp, { recursive: true });
  const journal = fs.openSync(path.join(dir, 'journal'), 'a');
  const bytes = Buffer.alloc(1024, 1);
  const line = Buffer.from(JOURNAL_LINE);
  const syncFolder = (folder) => {
    const fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  };
  const syncFolderAsync = async (folder) => {
    const handle = await fsp.open(folder, 'r');
    await handle.sync();
    await handle.close();
  };
  return {
    sync(i) {
      const file = path.join(temp, `s-${i}`);
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, bytes);
      fs.fdatasyncSync(fd);
      fs.closeSync(fd);
      const folder = path.join(models, `s-${i}`);
      fs.mkdirSync(folder);
      fs.renameSync(file, path.join(folder, 'weights.bin'));
      syncFolder(folder);
      syncFolder(models);
      fs.writeSync(journal, line);
      fs.fdatasyncSync(journal);
    },
    async async(i) {
      const file = path.join(temp, `a-${i}`);
      const handle = await fsp.open(file, 'wx');
      await handle.write(bytes);
      await handle.datasync();
      await handle.close();
      const folder = path.join(models, `a-${i}`);
      await fsp.mkdir(folder);
      await fsp.rename(file, path.join(folder, 'weights.bin'));
      await syncFolderAsync(folder);
      await syncFolderAsync(models);
      await new Promise((resolve, reject) =>
        fs.write(journal, line, (error) =>
          error ? reject(error) : fs.fdatasync(journal, (e) => (e ? reject(e) : resolve())),
        ),
      );
    },
    close: () => fs.closeSync(journal),
  };
}

for (const n of sizes.length ? sizes : [100, 1000, 10000]) {
  const { dir, cleanup } = await tempFolder('ebonite-bench-push-');
  const schema = `ebonite_bench_${process.pid}_${n}`;
  const client = await open(dir, schema);
  const task = await client.getOrCreateTask('bench', 'push');
  const floor = withArtifact ? floorOf(path.join(dir, 'floor')) : undefined;
  const times = [];
  const floorMs = { sync: 0, async: 0 };
  const loadBefore = loadAverages(2);
  let totalMs = 0;
  const BLOCK = 10;
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    totalMs += await timeMs(async () => {
      for (let i = from; i < to; i++) {
        const model = Model.create({
          name: `model-${i}`,
          params: { learningRate: 0.001, epochs: 12, seed: i },
          artifacts: withArtifact ? { 'weights.bin': Buffer.alloc(1024, i & 255) } : {},
        });
        times.push(await timeMs(() => client.pushModel(model, task)));
      }
    });
    if (!floor) continue;
    floorMs.sync += await timeMs(() => {
      for (let i = from; i < to; i++) floor.sync(i);
    });
    floorMs.async += await timeMs(async () => {
      for (let i = from; i < to; i++) await floor.async(i);
    });
  }
  floor?.close();
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
    ...(floor && {
      floorMs: ms(floorMs.sync),
      floorAsyncMs: ms(floorMs.async),
      vsFloor: roundTo(totalMs / floorMs.sync, 2),
      vsFloorAsync: roundTo(totalMs / floorMs.async, 2),
    }),
    loadAverage: { before: loadBefore, after: loadAverages(2) },
  };
  console.log(JSON.stringify(result));
  console.log(
    `${backend}${withArtifact ? ' + 1 KiB artifact' : ''}: ${n} pushes in ${(totalMs / 1000).toFixed(2)} s; median first 100 ${result.firstMedianMs} ms, last 100 ${result.lastMedianMs} ms (x${(result.lastMedianMs / result.firstMedianMs).toFixed(2)}); load ${loadBefore.join(' ')}`,
  );
  if (floor)
    console.log(
      `  floor ${(floorMs.sync / 1000).toFixed(2)} s (x${result.vsFloor}, target <= 1.3), floor through fs/promises ${(floorMs.async / 1000).toFixed(2)} s (x${result.vsFloorAsync})`,
    );
}
