// Benchmark of the registry search of @ebonite/meta-sql (contract v2) on a large registry.
//
//   node bench/registry-search.mjs [--models 100000] [--tasks 100] [--sqlite] [--postgres]
//
// For each database: a fresh store (a SQLite file in a temp folder; a fresh PostgreSQL schema at
// EBONITE_PG_URL) filled through the repository with N models over T tasks, 3 tags each (stage: 3
// values, team: 10 values, batch: 1,000 values), creation dates one second apart. Then, medians:
// - the first page (100) of a tag-filtered search across the registry (team = one value: 10% of
//   the models; batch = one value: 0.1%), newest first;
// - paging through all N by cursor (keyset: searchModels with `after`) in pages of 1,000, three
//   times: the median time of each page, first and last, beside the same loop with SQL OFFSET on
//   the same table and order (plain kysely, rows not decoded: its floor);
// - getAlias + getModelById (what the client's getModelByAlias does), 1,000 times.
// The fill uses durability 'relaxed' on SQLite (the reads do not depend on it). Prints one JSON line
// per database and a readable summary.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { modelSearch, newId } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { median, roundTo } from './lib/stats.mjs';

const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGETS = { sqlite: { tagPageMs: 10, aliasMs: 1 }, postgres: { tagPageMs: 20 } };
const MAX_LAST_OVER_FIRST = 1.5;
const args = process.argv.slice(2);
const N = Number(takeOption(args, '--models', '100000'));
const TASKS = Number(takeOption(args, '--tasks', '100'));
const dialects = ['--sqlite', '--postgres'].filter((flag) => args.includes(flag));
const chosen = dialects.length ? dialects.map((flag) => flag.slice(2)) : ['sqlite', 'postgres'];
const round = (ms) => roundTo(ms, 3);
const BASE = Date.UTC(2024, 0, 1);

/** Adds one timing to the samples of page `p`. */
function sample(pages, p, ms) {
  pages[p] = pages[p] ?? [];
  pages[p].push(ms);
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const search = modelSearch;

function model(taskId, i) {
  return {
    id: newId(),
    name: `model-${i}`,
    version: null,
    author: `author-${i % 7}`,
    creationDate: new Date(BASE + i * 1000).toISOString(),
    taskId,
    description: `benchmark model ${i}`,
    params: { learningRate: [0.1, 0.01, 0.001][i % 3], epochs: i % 50, layers: [64, 32, 1] },
    requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
    artifacts: [{ name: 'model.onnx', size: 1_234_567, digest: `sha256:${'ab'.repeat(32)}` }],
    wrapper: null,
    tags: {
      stage: ['prod', 'staging', 'dev'][i % 3],
      team: `team-${i % 10}`,
      batch: `batch-${Math.floor(i / 100) % 1000}`,
    },
  };
}

async function openStore(dialect) {
  if (dialect === 'sqlite') {
    const { dir, cleanup } = await tempFolder('ebonite-bench-registry-');
    const file = path.join(dir, 'registry.db');
    return {
      fillOptions: { url: `sqlite://${file}`, durability: 'relaxed' },
      options: { url: `sqlite://${file}` },
      plain: () => new Kysely({ dialect: new SqliteDialect({ database: new Database(file) }) }),
      fillConcurrency: 1,
      cleanUp: cleanup,
    };
  }
  const schema = `ebonite_bench_${randomBytes(4).toString('hex')}`;
  const plain = () =>
    new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 2 }) }),
    }).withSchema(schema);
  return {
    fillOptions: { url: PG_URL, schema, poolSize: 10 },
    options: { url: PG_URL, schema },
    plain,
    fillConcurrency: 10,
    cleanUp: async () => {
      const db = new Kysely({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 1 }) }),
      });
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    },
  };
}

async function fill(store) {
  const repo = sqlMetadata(store.fillOptions);
  const project = await repo.createProject({
    id: newId(),
    name: 'bench',
    author: 'bench',
    creationDate: new Date(BASE).toISOString(),
  });
  const tasks = [];
  for (let t = 0; t < TASKS; t++)
    tasks.push(
      await repo.createTask({
        id: newId(),
        name: `task-${t}`,
        author: 'bench',
        creationDate: new Date(BASE).toISOString(),
        projectId: project.id,
        tags: {},
      }),
    );
  const start = Date.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= N) return;
      await repo.createModel(model(tasks[i % TASKS].id, i));
    }
  };
  await Promise.all(Array.from({ length: store.fillConcurrency }, worker));
  const fillSeconds = (Date.now() - start) / 1000;
  const target = (await repo.getModelByName(tasks[0].id, 'model-0')) ?? undefined;
  await repo.setAlias(tasks[0].id, 'production', target.id, {
    author: 'bench',
    at: new Date().toISOString(),
  });
  await repo.close();
  return { tasks, fillSeconds };
}

async function measure(dialect) {
  const store = await openStore(dialect);
  try {
    const { tasks, fillSeconds } = await fill(store);
    const repo = sqlMetadata(store.options);
    const plain = store.plain();
    try {
      await repo.getProjects(); // connect and check the migration outside the timings
      const tagPage = {};
      for (const [label, tags] of [
        ['team (10%)', { team: 'team-7' }],
        ['batch (0.1%)', { batch: `batch-${Math.min(123, Math.floor(N / 100) - 1)}` }],
        ['stage+team', { stage: 'prod', team: 'team-3' }],
      ]) {
        const times = [];
        for (let r = 0; r < 30; r++) {
          const { ms, value } = await timed(() => repo.searchModels(search({ tags, limit: 100 })));
          if (value.length !== 100) throw new Error(`${label}: ${value.length} models, not 100`);
          times.push(ms);
        }
        tagPage[label] = round(median(times));
      }
      const pages = [];
      const offsetPages = [];
      for (let round_ = 0; round_ < 3; round_++) {
        let after = null;
        let seen = 0;
        for (let p = 0; ; p++) {
          const { ms, value } = await timed(() =>
            repo.searchModels(search({ limit: 1000, after })),
          );
          if (value.length === 1000) sample(pages, p, ms);
          seen += value.length;
          if (value.length < 1000) break;
          const last = value.at(-1);
          after = { name: last.name, creationDate: last.creationDate, id: last.id };
        }
        if (seen !== N) throw new Error(`paged ${seen} models, not ${N}`);
        for (let p = 0; p * 1000 < N; p++) {
          const { ms } = await timed(() =>
            plain
              .selectFrom('models')
              .selectAll()
              .orderBy('creation_date', 'desc')
              .orderBy('id', 'desc')
              .limit(1000)
              .offset(p * 1000)
              .execute(),
          );
          sample(offsetPages, p, ms);
        }
      }
      const full = pages.filter((times) => times.length === 3);
      const keysetFirst = median(full[0]);
      const keysetLast = median(full.at(-1));
      const offsetFirst = median(offsetPages[0]);
      const offsetLast = median(offsetPages.at(-1));
      const alias = [];
      for (let r = 0; r < 1000; r++) {
        const { ms } = await timed(async () => {
          const found = await repo.getAlias(tasks[0].id, 'production');
          return repo.getModelById(found.modelId);
        });
        alias.push(ms);
      }
      const result = {
        bench: 'registry-search',
        dialect,
        models: N,
        tasks: TASKS,
        fillSeconds,
        tagFilteredFirstPageMs: tagPage,
        keysetPage1000: {
          firstMs: round(keysetFirst),
          lastMs: round(keysetLast),
          lastOverFirst: round(keysetLast / keysetFirst),
          pages: full.length,
        },
        offsetPage1000: {
          firstMs: round(offsetFirst),
          lastMs: round(offsetLast),
          lastOverFirst: round(offsetLast / offsetFirst),
        },
        getAliasThenModelMs: round(median(alias)),
        targets: TARGETS[dialect] ?? {},
        maxLastOverFirst: MAX_LAST_OVER_FIRST,
        load: loadAverages(2),
      };
      console.log(JSON.stringify(result));
      console.log(
        `${dialect}: ${N} models / ${TASKS} tasks (fill ${fillSeconds} s); tag-filtered first page: ${Object.entries(
          tagPage,
        )
          .map(([k, v]) => `${k} ${v} ms`)
          .join(
            ', ',
          )}; keyset pages of 1,000: first ${result.keysetPage1000.firstMs} ms, last ${result.keysetPage1000.lastMs} ms (x${result.keysetPage1000.lastOverFirst}); OFFSET: first ${result.offsetPage1000.firstMs} ms, last ${result.offsetPage1000.lastMs} ms (x${result.offsetPage1000.lastOverFirst}); getAlias+getModelById ${result.getAliasThenModelMs} ms; load ${result.load.join(' ')}`,
      );
    } finally {
      await repo.close();
      await plain.destroy();
    }
  } finally {
    await store.cleanUp();
  }
}

for (const dialect of chosen) await measure(dialect);
