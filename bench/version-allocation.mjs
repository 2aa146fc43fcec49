// Benchmark of version allocation in @ebonite/meta-sql (contract v2) under racing processes.
//
//   node bench/version-allocation.mjs [--processes 8] [--count 100] [--sqlite] [--postgres] [--mysql]
//
// For each database: a fresh store (a SQLite file with the default durability 'full'; a fresh
// PostgreSQL schema at EBONITE_PG_URL; a fresh MariaDB/MySQL database at EBONITE_MYSQL_URL), one
// project and two tasks. P processes start, open their repository, and are let go at once; each
// creates C unnamed models (the repository allocates v1, v2, ... in the model's transaction) into
// the first task. Then the same with named models (p<i>-m<j>) into the second task: the baseline,
// the same inserts without allocation. Checks that every create succeeded and that the versions
// are exactly 1..P*C; prints the wall time from "go" to the last create and the throughput.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId, nowIso } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { roundTo } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'lib', 'version-child.mjs');
const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_URL = process.env.EBONITE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const args = process.argv.slice(2);
const PROCESSES = Number(takeOption(args, '--processes', '8'));
const COUNT = Number(takeOption(args, '--count', '100'));
const flags = ['--sqlite', '--postgres', '--mysql'].filter((flag) => args.includes(flag));
const chosen = flags.length ? flags.map((flag) => flag.slice(2)) : ['sqlite', 'postgres', 'mysql'];
// mysql2 is a dependency of @ebonite/meta-sql, not of the bench project
const mysql = createRequire(path.join(here, '..', 'packages', 'meta-sql', 'package.json'))(
  'mysql2/promise',
);

async function openStore(dialect) {
  const name = `ebonite_bench_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const { dir, cleanup } = await tempFolder('ebonite-bench-versions-');
    return { options: { url: `sqlite://${path.join(dir, 'registry.db')}` }, cleanUp: cleanup };
  }
  if (dialect === 'postgres') {
    const pg = (await import('pg')).default;
    const admin = async (text) => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(text);
      await client.end();
    };
    return {
      options: { url: PG_URL, schema: name },
      cleanUp: () => admin(`drop schema if exists ${name} cascade`),
    };
  }
  const admin = async (text) => {
    const connection = await mysql.createConnection({ uri: MYSQL_URL });
    await connection.query(text);
    await connection.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return { options: { url: url.toString() }, cleanUp: () => admin(`drop database ${name}`) };
}

function startChild(input) {
  const proc = spawn(process.execPath, [child, JSON.stringify(input)], { cwd: here });
  let out = '';
  let err = '';
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  proc.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.startsWith('ready\n')) onReady();
  });
  proc.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const done = new Promise((resolve, reject) =>
    proc.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)));
      } catch {
        reject(new Error(`a child exited with ${code}: ${err.slice(0, 2000)}`));
      }
    }),
  );
  return { proc, ready: Promise.race([ready, done]), done };
}

async function race(options, taskId, named) {
  const children = Array.from({ length: PROCESSES }, (_, index) =>
    startChild({ options, taskId, count: COUNT, index, named }),
  );
  await Promise.all(children.map((c) => c.ready));
  const start = performance.now();
  for (const c of children) c.proc.stdin.write('go\n');
  const results = await Promise.all(children.map((c) => c.done));
  const ms = performance.now() - start;
  const errors = results.flatMap((r) => r.errors);
  const created = results.reduce((n, r) => n + r.created, 0);
  const versions = results.flatMap((r) => r.versions).sort((a, b) => a - b);
  return { ms, errors, created, versions };
}

for (const dialect of chosen) {
  const store = await openStore(dialect);
  try {
    const repo = sqlMetadata(store.options);
    const record = (extra) => ({ id: newId(), author: 'bench', creationDate: nowIso(), ...extra });
    const project = await repo.createProject(record({ name: 'versions' }));
    const unnamedTask = await repo.createTask(
      record({ name: 'unnamed', projectId: project.id, tags: {} }),
    );
    const namedTask = await repo.createTask(
      record({ name: 'named', projectId: project.id, tags: {} }),
    );
    await repo.close();
    const total = PROCESSES * COUNT;
    const unnamed = await race(store.options, unnamedTask.id, false);
    const named = await race(store.options, namedTask.id, true);
    const exact =
      unnamed.versions.every((v, i) => v === i + 1) && unnamed.versions.length === total;
    const result = {
      bench: 'version-allocation',
      dialect,
      processes: PROCESSES,
      perProcess: COUNT,
      unnamed: {
        created: unnamed.created,
        failed: unnamed.errors.length,
        versionsExactly1toN: exact,
        seconds: roundTo(unnamed.ms / 1000, 3),
        perSecond: roundTo(total / (unnamed.ms / 1000), 1),
      },
      named: {
        created: named.created,
        failed: named.errors.length,
        seconds: roundTo(named.ms / 1000, 3),
        perSecond: roundTo(total / (named.ms / 1000), 1),
      },
      firstErrors: [...unnamed.errors, ...named.errors].slice(0, 3),
      load: loadAverages(2),
    };
    console.log(JSON.stringify(result));
    console.log(
      `${dialect}: ${PROCESSES} processes x ${COUNT}: unnamed ${unnamed.created}/${total} created, ${unnamed.errors.length} failed, versions 1..${total} exactly: ${exact}, ${result.unnamed.seconds} s (${result.unnamed.perSecond}/s); named ${named.created}/${total}, ${named.errors.length} failed, ${result.named.seconds} s (${result.named.perSecond}/s); load ${result.load.join(' ')}`,
    );
  } finally {
    await store.cleanUp();
  }
}
