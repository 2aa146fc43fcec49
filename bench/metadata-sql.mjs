// Benchmark of @ebonite/meta-sql against plain kysely on the same tables.
//
//   node bench/metadata-sql.mjs [N ...] [--sqlite] [--postgres]   (default: 100 1000 10000, both; build the packages first)
//
// For each database and N: a fresh store (a SQLite file in a temp folder, or a fresh PostgreSQL schema
// at EBONITE_PG_URL), one project and one task, then N createModel calls one by one, each timed.
// Interleaved in blocks of 100, the same rows go into twin tables (same schema, made by the same
// migration under tablePrefix 'base_') through plain kysely, one transaction per row: the floor
// any SQL store pays for one durable insert. At the largest N: medians of getModels(task) and of
// getModelByName(task, name), beside the same reads by plain kysely (JSON columns decoded).
// Prints one JSON line and one readable line per run.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { newId, nowIso } from '@ebonite/core';
import { sqlMetadata } from '@ebonite/meta-sql';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { interleavedBlocks } from './lib/interleaved.mjs';
import { modelRecord } from './lib/model-record.mjs';
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

/** The row plain kysely code would write for a record (the same JSON text columns). */
const toRow = (m, taskId) => ({
  id: m.id,
  name: m.name,
  author: m.author,
  creation_date: m.creationDate,
  task_id: taskId,
  description: m.description,
  params: JSON.stringify(m.params),
  requirements: JSON.stringify(m.requirements),
  artifacts: JSON.stringify(m.artifacts),
  wrapper: m.wrapper === null ? null : JSON.stringify(m.wrapper),
});

/** A fresh store for one run: the repository's options and a plain Kysely on the same database with the same settings. */
async function openStore(dialect) {
  if (dialect === 'sqlite') {
    const { dir: folder, cleanup } = await tempFolder('ebonite-bench-meta-sql-');
    const file = path.join(folder, 'bench.db');
    const options = { url: `sqlite://${file}` };
    const open = () => {
      const database = new Database(file, { timeout: 10_000 });
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      return database;
    };
    return {
      options,
      plain: () => new Kysely({ dialect: new SqliteDialect({ database: open() }) }),
      cleanUp: cleanup,
    };
  }
  const schema = `ebonite_bench_${randomBytes(4).toString('hex')}`;
  const plain = () =>
    new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 10 }) }),
    }).withSchema(schema);
  return {
    options: { url: PG_URL, schema },
    plain,
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

async function bench(dialect, n, reads) {
  const store = await openStore(dialect);
  const repo = sqlMetadata(store.options);
  const twin = sqlMetadata({ ...store.options, tablePrefix: 'base_' });
  const plain = store.plain();
  try {
    const task = await projectAndTask(repo);
    const baseTask = await projectAndTask(twin);
    await twin.close();
    const timed = await interleavedBlocks(
      n,
      BLOCK,
      (i) => {
        const record = modelRecord(task.id, i);
        return () => repo.createModel(record);
      },
      (i) => {
        const record = modelRecord(baseTask.id, i);
        return () =>
          plain
            .transaction()
            .execute((trx) =>
              trx.insertInto('base_models').values(toRow(record, baseTask.id)).execute(),
            );
      },
    );
    const { store: pushed, baseline: inserted } = timed;
    const result = {
      store: {
        totalMs: round(pushed.totalMs),
        ...edges(pushed.times),
        maxMs: round(Math.max(...pushed.times)),
      },
      baseline: { totalMs: round(inserted.totalMs), ...edges(inserted.times) },
    };
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
    await repo.close();
    await plain.destroy();
    await store.cleanUp();
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
let failed = false;
for (const dialect of dialects) {
  if (dialect === 'postgres' && !(await postgresReachable())) continue;
  for (const n of counts) {
    const reads = n === Math.max(...counts);
    const { store, baseline, reads: read } = await bench(dialect, n, reads);
    const slowdown = round(store.lastMedianMs / store.firstMedianMs);
    const ratio = round(store.medianMs / baseline.medianMs);
    const target = TARGETS[dialect];
    const checks = {
      flat: slowdown <= MAX_SLOWDOWN,
      withinTwiceBaseline: ratio <= MAX_RATIO,
      ...(target && n === 1000 ? { pushes1000: store.totalMs < target.pushes1000Ms } : {}),
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
        store,
        baseline,
        ratioToBaseline: ratio,
        totalRatioToBaseline: round(store.totalMs / baseline.totalMs),
        lastToFirstMedian: slowdown,
        reads: read,
        checks,
      }),
    );
    console.log(
      `metadata-sql ${dialect}: ${n} pushes in ${(store.totalMs / 1000).toFixed(2)} s (median ${store.medianMs} ms; first 100 ${store.firstMedianMs} ms, last 100 ${store.lastMedianMs} ms, x${slowdown} ${checks.flat ? 'flat' : 'NOT FLAT'})` +
        `; plain kysely ${(baseline.totalMs / 1000).toFixed(2)} s (median ${baseline.medianMs} ms): push/plain x${ratio} ${checks.withinTwiceBaseline ? 'ok' : 'OVER 2x'}` +
        `${'pushes1000' in checks ? `; target 1,000 < 2 s ${checks.pushes1000 ? 'met' : 'MISSED'} (${PYTHON_SQLITE_1000})` : ''}` +
        `${read ? `; getModels(${read.models}) median ${read.getModelsMedianMs} ms (plain kysely ${read.plainListMedianMs} ms), getModelByName median ${read.getModelByNameMedianMs} ms (plain ${read.plainGetMedianMs} ms)` : ''}` +
        `${'getModels' in checks ? ` (targets 100 ms / 2 ms ${checks.getModels && checks.getModel ? 'met' : 'MISSED'})` : ''}`,
    );
  }
}
if (failed) process.exitCode = 1;
