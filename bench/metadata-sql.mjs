// Benchmark of @ebonite/meta-sql against plain kysely on the same tables.
//
//   node bench/metadata-sql.mjs [N ...] [--sqlite] [--postgres]   (default: 100 1000 10000, both; build the packages first)
//
// For each database and N: a fresh store (SQLite files in a temp folder, or a fresh PostgreSQL schema
// at EBONITE_PG_URL), one project and one task, then N createModel calls one by one, each timed.
// Interleaved in blocks of 100, the same rows go into twin tables (same schema, made by the same
// migration under tablePrefix 'base_') through plain kysely, one transaction per row: the floor
// any SQL store pays for one insert. SQLite runs two variants side by side, each in its own file
// with its own plain-kysely twin under the same pragmas: the default durability 'full' (WAL,
// synchronous = FULL: every commit synced) and durability 'relaxed' (synchronous = NORMAL). The
// targets apply to the default. At the largest N: medians of getModels(task) and of
// getModelByName(task, name), beside the same reads by plain kysely (JSON columns decoded).
// Prints one JSON line per run and one readable line per variant.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { newId, nowIso } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { interleavedSides } from './lib/interleaved.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { modelRecord } from './lib/model-record.mjs';
import { modelRow, plainSqlite } from './lib/plain-sqlite.mjs';
import { median, roundTo } from './lib/stats.mjs';

const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BLOCK = 100;
const TARGETS = { sqlite: { pushes1000Ms: 2000, getModelsMs: 100, getModelMs: 2 } }; // from the issue
const MAX_SLOWDOWN = 1.5; // median of the last 100 pushes / median of the first 100
const MAX_RATIO = 2; // median push / median plain-kysely insert of the same row
const PYTHON_SQLITE_1000 =
  'Python Ebonite SQL store on SQLite: 1,000 pushes in 53.2 s, median 12.2 ms -> 81.6 ms';
const round = (ms) => roundTo(ms, 3);
const edges = (times) => ({
  medianMs: round(median(times)),
  firstMedianMs: round(median(times.slice(0, 100))),
  lastMedianMs: round(median(times.slice(-100))),
});

/**
 * Fresh stores for one run, by variant: the repository's options and a plain Kysely on the same
 * database with the same settings. SQLite: 'full' (the default) and 'relaxed', a file each.
 */
async function openVariants(dialect) {
  if (dialect === 'sqlite') {
    const { dir: folder, cleanup } = await tempFolder('ebonite-bench-meta-sql-');
    const variant = (durability) => {
      const file = path.join(folder, `${durability}.db`);
      return {
        // the default is left unset, as a user would
        options: { url: `sqlite://${file}`, ...(durability === 'relaxed' && { durability }) },
        plain: () => plainSqlite(file, durability),
      };
    };
    return { variants: { full: variant('full'), relaxed: variant('relaxed') }, cleanUp: cleanup };
  }
  const schema = `ebonite_bench_${randomBytes(4).toString('hex')}`;
  const plain = () =>
    new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 10 }) }),
    }).withSchema(schema);
  return {
    variants: { server: { options: { url: PG_URL, schema }, plain } },
    cleanUp: async () => {
      const db = plain();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    },
  };
}

async function projectAndTask(repo) {
  const project = await repo.createProject({
    id: newId(),
    name: 'bench',
    author: 'bench',
    creationDate: nowIso(),
  });
  return repo.createTask({
    id: newId(),
    name: 'bench',
    author: 'bench',
    creationDate: nowIso(),
    projectId: project.id,
  });
}

/** The two sides of a variant: pushes through the repository, inserts by plain kysely into the twin. */
async function openSides(variant) {
  const repo = sqlMetadata(variant.options);
  const twin = sqlMetadata({ ...variant.options, tablePrefix: 'base_' });
  const plain = variant.plain();
  const task = await projectAndTask(repo);
  const baseTask = await projectAndTask(twin);
  await twin.close();
  return {
    repo,
    plain,
    task,
    baseTask,
    store: (i) => {
      const record = modelRecord(task.id, i);
      return () => repo.createModel(record);
    },
    baseline: (i) => {
      const record = modelRecord(baseTask.id, i);
      return () =>
        plain
          .transaction()
          .execute((trx) =>
            trx.insertInto('base_models').values(modelRow(record, baseTask.id)).execute(),
          );
    },
  };
}

async function bench(dialect, n, reads) {
  const { variants, cleanUp } = await openVariants(dialect);
  const opened = {};
  try {
    for (const [name, variant] of Object.entries(variants)) opened[name] = await openSides(variant);
    const sides = {};
    for (const [name, o] of Object.entries(opened)) {
      sides[`${name}:store`] = o.store;
      sides[`${name}:baseline`] = o.baseline;
    }
    const timed = await interleavedSides(n, BLOCK, sides);
    const result = { variants: {} };
    for (const name of Object.keys(opened)) {
      const pushed = timed[`${name}:store`];
      const inserted = timed[`${name}:baseline`];
      const store = {
        totalMs: round(pushed.totalMs),
        ...edges(pushed.times),
        maxMs: round(Math.max(...pushed.times)),
      };
      const baseline = { totalMs: round(inserted.totalMs), ...edges(inserted.times) };
      result.variants[name] = {
        store,
        baseline,
        ratioToBaseline: round(store.medianMs / baseline.medianMs),
        totalRatioToBaseline: round(store.totalMs / baseline.totalMs),
        lastToFirstMedian: round(store.lastMedianMs / store.firstMedianMs),
      };
    }
    // reads do not depend on how commits are synced: measured on the first (default) variant
    const { repo, plain, task, baseTask } = Object.values(opened)[0];
    if (reads) {
      const listTimes = [];
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        const models = await repo.getModels(task.id);
        listTimes.push(performance.now() - t0);
        if (models.length !== n)
          throw new Error(`getModels returned ${models.length} models, expected ${n}`);
      }
      const getTimes = [];
      for (let i = 0; i < 1000; i++) {
        const name = `model-${Math.floor(Math.random() * n)}`;
        const t0 = performance.now();
        const model = await repo.getModelByName(task.id, name);
        getTimes.push(performance.now() - t0);
        if (model?.name !== name) throw new Error(`getModelByName(${name}) missed`);
      }
      // the same reads by plain kysely on the twin table, decoding the JSON columns: the floor
      const decode = (r) => ({
        ...r,
        params: JSON.parse(r.params),
        requirements: JSON.parse(r.requirements),
        artifacts: JSON.parse(r.artifacts),
        wrapper: r.wrapper === null ? null : JSON.parse(r.wrapper),
      });
      const plainList = [];
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        (
          await plain
            .selectFrom('base_models')
            .selectAll()
            .where('task_id', '=', baseTask.id)
            .orderBy('id')
            .execute()
        ).map(decode);
        plainList.push(performance.now() - t0);
      }
      const plainGet = [];
      for (let i = 0; i < 1000; i++) {
        const t0 = performance.now();
        const row = await plain
          .selectFrom('base_models')
          .selectAll()
          .where('task_id', '=', baseTask.id)
          .where('name', '=', `model-${Math.floor(Math.random() * n)}`)
          .executeTakeFirst();
        decode(row);
        plainGet.push(performance.now() - t0);
      }
      result.reads = {
        models: n,
        getModelsMedianMs: round(median(listTimes)),
        getModelByNameMedianMs: round(median(getTimes)),
        plainListMedianMs: round(median(plainList)),
        plainGetMedianMs: round(median(plainGet)),
      };
    }
    return result;
  } finally {
    for (const o of Object.values(opened)) {
      await o.repo.close();
      await o.plain.destroy();
    }
    await cleanUp();
  }
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (error) {
    console.error(
      `metadata-sql: PostgreSQL at ${new URL(PG_URL).host} unreachable (${error.message}): skipping it.`,
    );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const args = process.argv.slice(2);
const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
const wanted = args.filter((a) => a.startsWith('--')).map((a) => a.slice(2));
const dialects = (wanted.length ? wanted : ['sqlite', 'postgres']).filter((d) =>
  ['sqlite', 'postgres'].includes(d),
);
const counts = sizes.length ? sizes : [100, 1000, 10000];
for (const n of counts) if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a count: ${n}`);
const DURABILITY_NOTES = {
  full: "durability 'full' (default: every commit synced)",
  relaxed: "durability 'relaxed' (synced at checkpoints)",
  server: "the server's durability",
};
let failed = false;
for (const dialect of dialects) {
  if (dialect === 'postgres' && !(await postgresReachable())) continue;
  for (const n of counts) {
    const reads = n === Math.max(...counts);
    const { variants, reads: read } = await bench(dialect, n, reads);
    const [primary] = Object.keys(variants); // the default: the targets apply to it
    const target = TARGETS[dialect];
    const checksOf = ({ store, ratioToBaseline, lastToFirstMedian }) => ({
      flat: lastToFirstMedian <= MAX_SLOWDOWN,
      withinTwiceBaseline: ratioToBaseline <= MAX_RATIO,
      ...(target && n === 1000 ? { pushes1000: store.totalMs < target.pushes1000Ms } : {}),
    });
    const checks = {
      ...checksOf(variants[primary]),
      ...(target && read && n >= 10000
        ? {
            getModels: read.getModelsMedianMs <= target.getModelsMs,
            getModel: read.getModelByNameMedianMs <= target.getModelMs,
          }
        : {}),
    };
    failed ||= Object.values(checks).includes(false);
    console.log(
      JSON.stringify({
        bench: 'metadata-sql',
        database: dialect,
        pushes: n,
        targetsApplyTo: primary,
        loadAverage: loadAverages(2),
        variants,
        reads: read,
        checks,
      }),
    );
    for (const [name, v] of Object.entries(variants)) {
      const { store, baseline } = v;
      const c = checksOf(v);
      const graded = name === primary;
      const mark = (ok, good, bad) =>
        graded ? (ok ? good : bad) : ok ? good : `${bad} (not a target)`;
      console.log(
        `metadata-sql ${dialect}, ${DURABILITY_NOTES[name]} (load ${loadAverages(2)[0]}): ${n} pushes in ${(store.totalMs / 1000).toFixed(2)} s (median ${store.medianMs} ms; first 100 ${store.firstMedianMs} ms, last 100 ${store.lastMedianMs} ms, x${v.lastToFirstMedian} ${mark(c.flat, 'flat', 'NOT FLAT')})` +
          `; plain kysely, ${dialect === 'sqlite' ? 'same pragmas' : 'same server'} ${(baseline.totalMs / 1000).toFixed(2)} s (median ${baseline.medianMs} ms): push/plain x${v.ratioToBaseline} ${mark(c.withinTwiceBaseline, 'ok', 'OVER 2x')}` +
          `${graded && 'pushes1000' in c ? `; target 1,000 < 2 s ${c.pushes1000 ? 'met' : 'MISSED'} (${PYTHON_SQLITE_1000})` : ''}`,
      );
    }
    if (read)
      console.log(
        `metadata-sql ${dialect} reads: getModels(${read.models}) median ${read.getModelsMedianMs} ms (plain kysely ${read.plainListMedianMs} ms), getModelByName median ${read.getModelByNameMedianMs} ms (plain ${read.plainGetMedianMs} ms)` +
          `${'getModels' in checks ? ` (targets 100 ms / 2 ms ${checks.getModels && checks.getModel ? 'met' : 'MISSED'})` : ''}`,
      );
  }
}
if (failed) process.exitCode = 1;
