// pushModel end to end through the client (name check, metadata commit; a 1 KiB artifact with --artifact):
//
//   node bench/client-push.mjs <local|sqlite|postgres> [N ...] [--artifact]   (default N: 100 1000 10000)
//
// For each N: a fresh registry (a temp folder for local and sqlite, a fresh schema at EBONITE_PG_URL for
// postgres, artifacts as plain files), one task, N pushes one by one, each timed. Prints one JSON line and
// readable lines per run: total, medians of the first and of the last 100 pushes.
//
// sqlite runs four sides interleaved in blocks of 100 (so all see the same load), each in its own file:
// pushes with the default durability 'full' (every commit synced) and with durability 'relaxed', and
// beside each, plain kysely inserting the same metadata row (one transaction each) into a twin table
// under the same pragmas. The targets apply to the default: 1,000 pushes < 2 s, last 100 <= 1.5x first
// 100, median push <= 2x plain (not graded with --artifact, which adds a file the baseline does not write).
import path from 'node:path';
import { Ebonite, Model } from '@ebonite/core';
import { newId, nowIso } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import pg from 'pg';
import { interleavedSides } from './lib/interleaved.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { modelRow, plainSqlite } from './lib/plain-sqlite.mjs';
import { median, roundTo } from './lib/stats.mjs';

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
const BLOCK = 100;
const TARGET_1000_MS = 2000;
const MAX_SLOWDOWN = 1.5;
const MAX_RATIO = 2;
const ms = (x) => roundTo(x, 3);

const params = (i) => ({ learningRate: 0.001, epochs: 12, seed: i });

/** A side that pushes through a client: `(i) => work` plus its close. */
async function clientSide(client) {
  const task = await client.getOrCreateTask('bench', 'push');
  return {
    step: (i) => {
      const model = Model.create({
        name: `model-${i}`,
        params: params(i),
        artifacts: withArtifact ? { 'weights.bin': Buffer.alloc(1024, i & 255) } : {},
      });
      return () => client.pushModel(model, task);
    },
    close: () => client.close(),
  };
}

/** A side that inserts the row of such a push by plain kysely into twin tables of `file`. */
async function plainSide(file, durability) {
  const twin = sqlMetadata({ url: `sqlite://${file}`, tablePrefix: 'base_' });
  const record = (extra) => ({ id: newId(), author: 'bench', creationDate: nowIso(), ...extra });
  const project = await twin.createProject(record({ name: 'bench' }));
  const task = await twin.createTask(record({ name: 'push', projectId: project.id }));
  await twin.close();
  const db = plainSqlite(file, durability);
  return {
    step: (i) => {
      const row = modelRow(
        record({
          name: `model-${i}`,
          description: '',
          params: params(i),
          requirements: [],
          artifacts: [],
          wrapper: null,
        }),
        task.id,
      );
      return () =>
        db.transaction().execute((trx) => trx.insertInto('base_models').values(row).execute());
    },
    close: () => db.destroy(),
  };
}

/** The sides of one run, by name; the first is the one the targets apply to. */
async function openSides(dir, schema) {
  const artifacts = (name) => ({ root: path.join(dir, `${name}-artifacts`) });
  if (backend === 'local') return { push: await clientSide(await Ebonite.local({ path: dir })) };
  if (backend === 'postgres')
    return {
      push: await clientSide(
        await Ebonite.customClient('sqlalchemy', 'local', { url: PG_URL, schema }, artifacts('pg')),
      ),
    };
  const sides = {};
  for (const durability of ['full', 'relaxed']) {
    const file = path.join(dir, `${durability}.db`);
    // the default is left unset, as a user would
    const options = { url: `sqlite://${file}`, ...(durability === 'relaxed' && { durability }) };
    sides[durability] = await clientSide(
      await Ebonite.customClient('sqlalchemy', 'local', options, artifacts(durability)),
    );
    sides[`plain ${durability}`] = await plainSide(file, durability);
  }
  return sides;
}

const LABELS = {
  push: backend,
  full: "sqlite, durability 'full' (default: every commit synced)",
  relaxed: "sqlite, durability 'relaxed' (synced at checkpoints)",
  'plain full': 'plain kysely, synchronous = FULL',
  'plain relaxed': 'plain kysely, synchronous = NORMAL',
};

let failed = false;
for (const n of sizes.length ? sizes : [100, 1000, 10000]) {
  const { dir, cleanup } = await tempFolder('ebonite-bench-push-');
  const schema = `ebonite_bench_${process.pid}_${n}`;
  const sides = await openSides(dir, schema);
  const timed = await interleavedSides(
    n,
    BLOCK,
    Object.fromEntries(Object.entries(sides).map(([name, side]) => [name, side.step])),
  );
  for (const side of Object.values(sides)) await side.close();
  if (backend === 'postgres') {
    const db = new pg.Client(PG_URL);
    await db.connect();
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
  }
  await cleanup();
  const summary = Object.fromEntries(
    Object.entries(timed).map(([name, { times, totalMs }]) => [
      name,
      {
        totalMs: ms(totalMs),
        medianMs: ms(median(times)),
        firstMedianMs: ms(median(times.slice(0, 100))),
        lastMedianMs: ms(median(times.slice(-100))),
      },
    ]),
  );
  const ratio = (name) =>
    summary[`plain ${name}`] && ms(summary[name].medianMs / summary[`plain ${name}`].medianMs);
  const slowdown = (name) => ms(summary[name].lastMedianMs / summary[name].firstMedianMs);
  const [primary] = Object.keys(summary);
  const checks = {
    flat: slowdown(primary) <= MAX_SLOWDOWN,
    ...(backend === 'sqlite' && !withArtifact
      ? { withinTwicePlain: ratio(primary) <= MAX_RATIO }
      : {}),
    ...(backend === 'sqlite' && n === 1000
      ? { pushes1000: summary[primary].totalMs < TARGET_1000_MS }
      : {}),
  };
  failed ||= Object.values(checks).includes(false);
  console.log(
    JSON.stringify({
      bench: 'client-push',
      backend,
      artifact: withArtifact,
      pushes: n,
      targetsApplyTo: primary,
      loadAverage: loadAverages(2),
      ...summary[primary],
      sides: summary,
      checks,
    }),
  );
  for (const [name, s] of Object.entries(summary)) {
    const vsPlain = ratio(name) ? `; push/plain x${ratio(name)}` : '';
    console.log(
      `${LABELS[name]}${withArtifact && !name.startsWith('plain') ? ' + 1 KiB artifact' : ''}: ${n} pushes in ${(s.totalMs / 1000).toFixed(2)} s; median ${s.medianMs} ms, first 100 ${s.firstMedianMs} ms, last 100 ${s.lastMedianMs} ms (x${slowdown(name)})${vsPlain}`,
    );
  }
  console.log(
    `checks (${LABELS[primary]}; load average ${loadAverages(2).join(' ')}): ${Object.entries(
      checks,
    )
      .map(([k, ok]) => `${k} ${ok ? 'met' : 'MISSED'}`)
      .join(', ')}`,
  );
}
if (failed) process.exitCode = 1;
