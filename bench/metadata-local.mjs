// Benchmark of @ebonite/meta-local's `local` repository against its physical baseline.
//
//   node bench/metadata-local.mjs [N ...]        (default: 100 1000 10000; build the packages first)
//
// For each N: a fresh temp folder, one project and one task, then N createModel calls one by one,
// each timed. Prints the total, the medians of the first and last 100 creates, close() (the
// compaction into metadata.json) and reopening; and, interleaved in blocks of 100, the same number
// of appends of a journal line's size to a plain file, each fdatasync'd: the floor any durable
// one-write-at-a-time store pays on this disk.
import { close, fdatasync, open, writeSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { newId, nowIso } from '@ebonite/core/plugin';
import { localMetadata } from '@ebonite/meta-local';
import { withTempFolder } from '@ebonite/test-utils/temp-folders';
import { interleavedBlocks } from './lib/interleaved.mjs';
import { modelRecord } from './lib/model-record.mjs';
import { median, roundTo } from './lib/stats.mjs';

const TARGETS = { 1000: 3000, 10000: 60000 }; // ms for N creates, from the issue
const MAX_SLOWDOWN = 3; // median of the last 100 creates / median of the first 100
const BLOCK = 100; // creates between two runs of baseline appends

const round = (ms) => roundTo(ms, 3);
const edges = (times) => ({
  firstMedianMs: round(median(times.slice(0, 100))),
  lastMedianMs: round(median(times.slice(-100))),
});

/** Appends to a plain file, each followed by fdatasync, through the same fs calls the store uses (writeSync, async fdatasync). */
class Baseline {
  static async open(folder) {
    return new Baseline(await promisify(open)(path.join(folder, 'baseline.log'), 'a'));
  }
  constructor(fd) {
    this.fd = fd;
  }
  async append(line) {
    writeSync(this.fd, line, 0, line.length, null);
    await promisify(fdatasync)(this.fd);
  }
  close() {
    return promisify(close)(this.fd);
  }
}

/**
 * n creates into one task, timed one by one. After each block of 100 creates come 100 baseline appends
 * of the same size as a journal line, so that both see the same load on a shared machine.
 */
async function bench(n, folder) {
  const repo = localMetadata({ path: folder });
  const project = await repo.createProject({
    id: newId(),
    name: 'bench',
    author: 'bench',
    creationDate: nowIso(),
  });
  const task = await repo.createTask({
    id: newId(),
    name: 'bench',
    author: 'bench',
    creationDate: nowIso(),
    projectId: project.id,
  });
  const lineBytes = Buffer.byteLength(
    `${JSON.stringify({ op: 'put', kind: 'model', record: modelRecord(task.id, n) })}\n`,
  );
  const line = Buffer.from(`${'x'.repeat(lineBytes - 1)}\n`);
  const baseline = await Baseline.open(folder);
  const timed = await interleavedBlocks(
    n,
    BLOCK,
    (i) => {
      const record = modelRecord(task.id, i);
      return () => repo.createModel(record);
    },
    () => () => baseline.append(line),
  );
  const { times, totalMs } = timed.store;
  await baseline.close();
  let t0 = performance.now();
  await repo.close();
  const closeMs = performance.now() - t0;
  t0 = performance.now();
  const reopened = localMetadata({ path: folder });
  const count = (await reopened.getModels(task.id)).length;
  const reopenMs = performance.now() - t0;
  await reopened.close();
  if (count !== n) throw new Error(`expected ${n} models after reopening, found ${count}`);
  return {
    store: {
      totalMs: round(totalMs),
      ...edges(times),
      maxMs: round(Math.max(...times)),
      closeMs: round(closeMs),
      reopenMs: round(reopenMs),
      lineBytes,
    },
    baseline: { totalMs: round(timed.baseline.totalMs), ...edges(timed.baseline.times) },
  };
}

const sizes = process.argv.slice(2).map(Number);
let failed = false;
for (const n of sizes.length ? sizes : [100, 1000, 10000]) {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a count: ${n}`);
  await withTempFolder('ebonite-bench-meta-local-', async (folder) => {
    const { store, baseline } = await bench(n, folder);
    const slowdown = round(store.lastMedianMs / store.firstMedianMs);
    const checks = {
      flat: slowdown <= MAX_SLOWDOWN,
      ...(TARGETS[n] ? { withinTarget: store.totalMs < TARGETS[n] } : {}),
    };
    failed ||= Object.values(checks).includes(false);
    const result = {
      bench: 'metadata-local',
      creates: n,
      store,
      baseline,
      ratioToBaseline: round(store.totalMs / baseline.totalMs),
      lastToFirstMedian: slowdown,
      checks,
    };
    console.log(JSON.stringify(result));
    console.log(
      `metadata-local: ${n} creates in ${(store.totalMs / 1000).toFixed(2)} s (median first 100 ${store.firstMedianMs} ms, last 100 ${store.lastMedianMs} ms, x${slowdown}; max ${store.maxMs} ms)` +
        `; close ${store.closeMs.toFixed(0)} ms, reopen ${store.reopenMs.toFixed(0)} ms` +
        `; baseline ${n} fdatasync'd appends of ${store.lineBytes} B in ${(baseline.totalMs / 1000).toFixed(2)} s: x${result.ratioToBaseline}` +
        `${TARGETS[n] ? `; target < ${TARGETS[n] / 1000} s ${checks.withinTarget ? 'met' : 'MISSED'}` : ''}; flat ${checks.flat ? 'yes' : 'NO'}`,
    );
  });
}
if (failed) process.exitCode = 1;
