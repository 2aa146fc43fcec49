// Search on a large `local` registry (@ebonite/meta-local, contract v2).
//
//   node bench/registry-search-local.mjs [models] [tasks] [--runs N]   (default 100000 100, 5 runs; build first)
//
// Writes a registry of `models` models over `tasks` tasks (one project per 10 tasks), each with 3
// tags: stage (3 values), team (20 values) and run (1,000 values), half of them unnamed versions:
// metadata.json of format 2 (written here, then rewritten by one compaction of the package), plus
// 1,000 more models created through the repository and left in the journal (the writer stays open,
// so nothing folds them in). Then, in a fresh process per run (`runs` of them):
// - open: from `localMetadata()` to the end of the first read (`getProjects`): parse metadata.json,
//   replay the journal, index by id and name;
// - the first search of the process, which also builds the search index of its order;
// - tag-filtered first pages across the registry (limit 100), each repeated 30 times: a rare tag
//   (run, ~100 matches), a common one (team, ~5,000), two tags (stage + team), and the rare tag in
//   name order;
// - paging: every model by cursor in pages of 1,000 (creation order, newest first), and the team tag
//   in pages of 100: the medians of the first 5 and of the last 5 full pages, so deep pages can be
//   compared with the first ones (a keyset seek: they should cost the same); then one position deep
//   in the results (after the 1,000 oldest) sought directly, 30 times, beside the first page.
// Baseline, in another fresh process per run: read metadata.json and JSON.parse it, nothing else
// (the floor of any opening of this file). Prints medians over the runs, the figures of each run,
// and the load average before and after.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { modelSearch, newId } from '@ebonite/core/plugin';
import { localMetadata } from '@ebonite/meta-local';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { modelRecord } from './lib/model-record.mjs';
import { median, roundTo } from './lib/stats.mjs';
import { timeMs } from './lib/timing.mjs';

const TARGETS = { openMs: 2000, tagFirstPageMs: 20 }; // from the issue
const JOURNAL_MODELS = 1000;

const round = (ms) => roundTo(ms, 2);
const search = modelSearch;
const positionOf = (m) => ({ name: m.name, creationDate: m.creationDate, id: m.id });
const tagsOf = (i) => ({
  stage: ['dev', 'staging', 'prod'][i % 3],
  team: `team-${i % 20}`,
  run: `r${i % 1000}`,
});

/** The physical floor of opening, in a fresh process: read metadata.json and JSON.parse it, nothing else. */
async function baselineChild(folder) {
  const ms = await timeMs(() =>
    JSON.parse(readFileSync(path.join(folder, 'metadata.json'), 'utf8')),
  );
  process.stdout.write(`${JSON.stringify({ parseOnlyMs: ms })}\n`);
}

/** The figures of one fresh process on `folder`. */
async function child(folder) {
  const figures = {};
  let repo;
  figures.openMs = await timeMs(async () => {
    repo = localMetadata({ path: folder });
    await repo.getProjects();
  });
  const rare = search({ tags: { run: 'r42' } });
  let first;
  figures.firstSearchMs = await timeMs(async () => {
    first = await repo.searchModels(rare);
  });
  figures.rareMatches = first.length;
  const repeat = async (query, times = 30) => {
    const samples = [];
    for (let i = 0; i < times; i++) samples.push(await timeMs(() => repo.searchModels(query)));
    return median(samples);
  };
  figures.rareTagPageMs = await repeat(rare);
  figures.teamTagPageMs = await repeat(search({ tags: { team: 'team-7' } }));
  figures.twoTagsPageMs = await repeat(search({ tags: { stage: 'prod', team: 'team-7' } }));
  figures.rareTagByNameMs = await repeat(
    search({ tags: { run: 'r42' }, orderBy: 'name', order: 'asc' }),
  );
  // every page by cursor; the times of the full pages (the last one may be short)
  const pageThrough = async (query) => {
    const full = [];
    let after = null;
    let seen = 0;
    for (;;) {
      let page;
      const ms = await timeMs(async () => {
        page = await repo.searchModels({ ...query, after });
      });
      seen += page.length;
      if (page.length < query.limit) return { full, seen };
      full.push(ms);
      after = positionOf(page[page.length - 1]);
    }
  };
  // warm the name order too, then page
  await repo.searchModels(search({ orderBy: 'name' }));
  const all = await pageThrough(search({ limit: 1000 }));
  Object.assign(figures, {
    allFullPages: all.full.length,
    allSeen: all.seen,
    allFirst5PagesMs: median(all.full.slice(0, 5)),
    allLast5PagesMs: median(all.full.slice(-5)),
  });
  const team = await pageThrough(search({ tags: { team: 'team-7' } }));
  Object.assign(figures, {
    teamFullPages: team.full.length,
    teamSeen: team.seen,
    teamFirst5PagesMs: median(team.full.slice(0, 5)),
    teamLast5PagesMs: median(team.full.slice(-5)),
  });
  // the same deep position sought directly, repeated: a page deep in the results vs the first
  const deepAfter = positionOf(
    (await repo.searchModels(search({ limit: 1000, order: 'asc' }))).at(-1),
  );
  figures.deepPageMs = await repeat(search({ limit: 100, after: deepAfter }));
  figures.firstPageMs = await repeat(search({ limit: 100 }));
  figures.rssMiB = process.memoryUsage().rss / 2 ** 20;
  await repo.close();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** metadata.json as a compaction of format 2 writes it, with `models` models over `tasks` tasks. */
function writeRegistry(folder, models, tasks) {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const projects = [];
  const taskRecords = [];
  for (let t = 0; t < tasks; t++) {
    if (t % 10 === 0)
      projects.push({
        id: newId(),
        name: `project-${t / 10}`,
        author: 'bench',
        creationDate: new Date(start).toISOString(),
      });
    const projectId = projects[projects.length - 1].id;
    taskRecords.push({
      id: newId(),
      name: `task-${t}`,
      author: 'bench',
      creationDate: new Date(start).toISOString(),
      projectId,
      tags: {},
    });
  }
  const versions = {};
  const records = [];
  for (let i = 0; i < models; i++) {
    const task = taskRecords[i % tasks];
    const unnamed = i % 2 === 0;
    const version = unnamed ? (versions[task.id] ?? 0) + 1 : null;
    if (unnamed) versions[task.id] = version;
    records.push({
      ...modelRecord(task.id, i),
      name: unnamed ? `v${version}` : `model-${i}`,
      creationDate: new Date(start + i * 1000).toISOString(),
      version,
      tags: tagsOf(i),
    });
  }
  const doc = {
    format: 'ebonite-metadata',
    version: 2,
    generation: 1,
    projects,
    tasks: taskRecords,
    models: records,
    versions,
    aliases: [],
    aliasHistory: [],
  };
  writeFileSync(path.join(folder, 'metadata.json'), `${JSON.stringify(doc, null, 2)}\n`);
  return taskRecords;
}

async function main() {
  const args = process.argv.slice(2);
  const runCount = Number(takeOption(args, '--runs', '5'));
  const [models = 100_000, tasks = 100] = args.map(Number);
  const loadBefore = loadAverages(2);
  const folder = mkdtempSync(path.join(tmpdir(), 'ebonite-bench-search-'));
  try {
    const taskRecords = writeRegistry(folder, models - JOURNAL_MODELS, tasks);
    // one write and a close: the package's own compaction rewrites metadata.json in its layout
    const compactor = localMetadata({ path: folder });
    await compactor.setTaskTags(taskRecords[0].id, { bench: 'yes' });
    await compactor.close();
    const writer = localMetadata({ path: folder });
    for (let i = models - JOURNAL_MODELS; i < models; i++)
      await writer.createModel({
        ...modelRecord(taskRecords[i % tasks].id, i),
        name: null,
        version: null,
        tags: tagsOf(i),
      });
    const fileMiB = roundTo(statSync(path.join(folder, 'metadata.json')).size / 2 ** 20, 1);
    const runs = [];
    for (let r = 0; r < runCount; r++) {
      // asynchronously: the writer's event loop must run to hand its lock over to the child
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', folder],
        { maxBuffer: 1 << 20 },
      );
      const baseline = await promisify(execFile)(
        process.execPath,
        [fileURLToPath(import.meta.url), '--baseline', folder],
        { maxBuffer: 1 << 20 },
      );
      runs.push({
        ...JSON.parse(stdout.trim().split('\n').at(-1)),
        ...JSON.parse(baseline.stdout.trim().split('\n').at(-1)),
      });
    }
    await writer.close();
    const medians = Object.fromEntries(
      Object.keys(runs[0]).map((key) => [key, round(median(runs.map((f) => f[key])))]),
    );
    console.log(
      JSON.stringify(
        {
          models,
          tasks,
          journalModels: JOURNAL_MODELS,
          fileMiB,
          runs: runs.length,
          medians,
          targets: TARGETS,
          loadBefore,
          loadAfter: loadAverages(2),
        },
        null,
        2,
      ),
    );
    console.log('each run:');
    for (const f of runs)
      console.log(
        JSON.stringify(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, round(v)]))),
      );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else if (process.argv[2] === '--baseline') await baselineChild(process.argv[3]);
else await main();
