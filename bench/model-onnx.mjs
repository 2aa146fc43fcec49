// Benchmark of the `onnx` model wrapper against its physical baseline.
//
//   node bench/model-onnx.mjs [size] [--runs N] [--graph gather,matmul] [--dir FOLDER]
//
// size: bytes, or with a unit (100M, 1G); 100 MiB by default. Build the packages first:
//   pnpm --filter @ebonite/core --filter @ebonite/meta-local --filter @ebonite/artifact-fs --filter @ebonite/model-onnx build
// For each graph (both by default) it writes an ONNX graph whose one initializer W is `size` bytes:
//   gather  an embedding table read by Gather (ids int64 [batch, 8]): few weights touched by a run;
//   matmul  a dense layer, X float32 [batch, rows] times W [rows, 1024]: every weight read, and
//           prepacked by onnxruntime when the session is created.
// Then, N times (3 by default), each in a fresh process holding the graph's bytes:
//   direct   writes the bytes to a file (fsync'd), creates an InferenceSession from it, runs it once;
//   ebonite  client.createModel(bytes) into a local registry (its files are fsync'd), getModel,
//            model.load(), predict once: the same run through ebonite.
// The outputs must be identical. Reports medians, the ratio ebonite/direct (target <= 1.1), and each
// process's peak RSS above what it held before the timed part (the bytes, the runtime loaded and
// warmed; on Linux the peak is reset there, so earlier peaks do not count): target ebonite <= direct
// + 50 MiB. Each sample also has the time and peak at the end of
// each phase (direct: write, load, run; ebonite: push, load, run), to see where they go.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import { parseSize, takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { resetPeakRss } from './lib/rss.mjs';
import { upperMedian as median } from './lib/stats.mjs';

const MiB = 1024 * 1024;
const ROW = 1024; // floats per embedding row
const IDS = [3, 1, 4, 1, 5, 9, 2, 6];
const script = fileURLToPath(import.meta.url);
/** Targets of issue 11: ebonite's time within 1.1x of direct, its peak RSS at most direct's + 50 MiB. */
const RATIO_TARGET = 1.1;
const EXTRA_MIB_TARGET = 50;

// ---- the graph: a ModelProto written field by field, the initializer streamed ----
const varint = (n) => {
  const out = [];
  for (let v = BigInt(n); ; v >>= 7n) {
    if (v < 0x80n) return Buffer.from([...out, Number(v)]);
    out.push(Number(v & 0x7fn) | 0x80);
  }
};
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, value) => Buffer.concat([key(field, 0), varint(value)]);
const bytes = (field, body) => Buffer.concat([key(field, 2), varint(body.length), body]);
const msg = (field, parts) => bytes(field, Buffer.concat(parts));
const str = (field, text) => bytes(field, Buffer.from(text));
const dims = (list) => list.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
const tensorType = (elem, shape) => msg(1, [int(1, elem), msg(2, dims(shape))]);

/** The two graphs measured: an embedding table read by Gather, and a dense layer (MatMul). */
const GRAPHS = {
  // ids int64 [batch, 8] -> Y float32 [batch, 8, 1024]: W [rows, 1024], a few rows read.
  gather: {
    nodes: [msg(1, [str(1, 'W'), str(1, 'ids'), str(2, 'Y'), str(4, 'Gather')])],
    input: () => msg(11, [str(1, 'ids'), msg(2, [tensorType(7, ['batch', IDS.length])])]),
    output: () => msg(12, [str(1, 'Y'), msg(2, [tensorType(1, ['batch', IDS.length, ROW])])]),
    feed: (ort) => ({
      ids: new ort.Tensor('int64', BigInt64Array.from(IDS.map(BigInt)), [1, IDS.length]),
    }),
  },
  // X float32 [batch, rows] -> Y float32 [batch, 1024]: every weight read (and prepacked by the runtime).
  matmul: {
    nodes: [msg(1, [str(1, 'X'), str(1, 'W'), str(2, 'Y'), str(4, 'MatMul')])],
    input: (rows) => msg(11, [str(1, 'X'), msg(2, [tensorType(1, ['batch', rows])])]),
    output: () => msg(12, [str(1, 'Y'), msg(2, [tensorType(1, ['batch', ROW])])]),
    feed: (ort, rows) => ({
      X: new ort.Tensor(
        'float32',
        Float32Array.from({ length: rows }, (_, i) => ((i % 7) - 3) / 8),
        [1, rows],
      ),
    }),
  },
};

/** Rows of W for a graph of about `size` bytes (W is rows x 1024 float32). */
const rowsFor = (size) => Math.max(16, Math.floor(size / (ROW * 4)));

async function writeGraph(file, size, kind) {
  const graph = GRAPHS[kind];
  const rows = rowsFor(size);
  const raw = rows * ROW * 4;
  const initializerHead = Buffer.concat([
    int(1, rows),
    int(1, ROW),
    int(2, 1),
    str(8, 'W'),
    key(9, 2),
    varint(raw),
  ]);
  const initializerLength = initializerHead.length + raw;
  const before = Buffer.concat([
    ...graph.nodes,
    str(2, kind),
    key(5, 2),
    varint(initializerLength),
    initializerHead,
  ]);
  const after = Buffer.concat([graph.input(rows), graph.output()]);
  const graphLength = before.length + raw + after.length;
  const out = createWriteStream(file);
  const write = async (chunk) => out.write(chunk) || once(out, 'drain');
  await write(
    Buffer.concat([int(1, 8), str(2, 'ebonite-bench'), key(7, 2), varint(graphLength), before]),
  );
  const pool = randomBytes(16 * MiB);
  for (let offset = 0; offset < raw; offset += MiB) {
    const chunk = Buffer.from(
      pool.subarray(
        ((offset / MiB) % 15) * MiB,
        ((offset / MiB) % 15) * MiB + Math.min(MiB, raw - offset),
      ),
    );
    // Small finite floats only (clear the sign and the top exponent bit: [0, 2)), so outputs compare
    // byte for byte without NaNs or infinities.
    for (let i = 3; i < chunk.length; i += 4) chunk[i] &= 0x3f;
    await write(chunk);
  }
  await write(Buffer.concat([after, msg(8, [str(1, ''), int(2, 17)])]));
  out.end();
  await once(out, 'finish');
}

// ---- one timed run, in its own process ----
async function child(kind, graphKind, graphFile, work, rowsText) {
  const ort = (await import('onnxruntime-node')).default;
  const graph = GRAPHS[graphKind];
  const rows = Number(rowsText);
  const bytes = await readFile(graphFile);
  let core;
  let client;
  if (kind === 'ebonite') {
    core = await import('@ebonite/core');
    await import('@ebonite/meta-local');
    await import('@ebonite/artifact-fs');
    await import('@ebonite/model-onnx');
    client = await core.Ebonite.local({ path: path.join(work, 'registry') });
  }
  // Warm the runtime (its environment and thread pools) on a small graph, outside the timed part.
  const warmFile = path.join(work, 'warm.onnx');
  await writeGraph(warmFile, 64 * 1024, graphKind);
  const warm = await ort.InferenceSession.create(warmFile);
  await warm.run(graph.feed(ort, rowsFor(64 * 1024)));
  await warm.release();

  global.gc?.();
  const peakRssBytes = resetPeakRss();
  const rssBefore = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  // Seconds since start and peak RSS above start (MiB) at the end of each phase.
  const phases = {};
  const mark = (name) => {
    phases[name] = {
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      peakMiB: (peakRssBytes() - rssBefore) / MiB,
    };
  };
  let output;
  if (kind === 'direct') {
    const file = path.join(work, 'model.onnx');
    const handle = await open(file, 'w');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    mark('write');
    const session = await ort.InferenceSession.create(file);
    mark('load');
    output = (await session.run(graph.feed(ort, rows))).Y;
    await session.release();
  } else {
    await client.createModel(bytes, graph.feed(ort, rows), { name: graphKind });
    mark('push');
    const model = await client.getModel(
      graphKind,
      await client.getTask('default_project', 'default_task'),
    );
    const loaded = await model.load();
    mark('load');
    output = (await loaded.predict(graph.feed(ort, rows))).Y;
    await loaded.dispose();
  }
  mark('run');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await client?.close();
  const peakMiB = (peakRssBytes() - rssBefore) / MiB;
  const digest = (await import('node:crypto'))
    .createHash('sha256')
    .update(Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength))
    .digest('hex');
  process.stdout.write(
    `${JSON.stringify({ seconds, peakMiB, rssBeforeMiB: rssBefore / MiB, phases, digest })}\n`,
  );
}

/** Runs direct and ebonite `runs` times each on one graph, alternating which goes first. */
async function measure(dir, graphKind, size, runs) {
  const graph = path.join(dir, `${graphKind}.onnx`);
  await writeGraph(graph, size, graphKind);
  const graphBytes = (await stat(graph)).size;
  const samples = { direct: [], ebonite: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of run % 2 ? ['ebonite', 'direct'] : ['direct', 'ebonite']) {
      const work = await mkdtemp(path.join(dir, `${kind}-`));
      spawnSync('sync');
      const done = spawnSync(
        process.execPath,
        ['--expose-gc', script, '--child', kind, graphKind, graph, work, String(rowsFor(size))],
        { cwd: path.dirname(script), encoding: 'utf8', maxBuffer: 16 * MiB },
      );
      if (done.status !== 0)
        throw new Error(`${graphKind} ${kind} run failed:\n${done.stdout}\n${done.stderr}`);
      samples[kind].push(JSON.parse(done.stdout.trim().split('\n').at(-1)));
      await rm(work, { recursive: true, force: true });
    }
  }
  await rm(graph, { force: true });
  const digests = new Set([...samples.direct, ...samples.ebonite].map((s) => s.digest));
  if (digests.size !== 1)
    throw new Error(`${graphKind}: outputs differ between runs: ${[...digests].join(', ')}`);
  const m = (kind, field) => median(samples[kind].map((s) => s[field]));
  const ratio = m('ebonite', 'seconds') / m('direct', 'seconds');
  const extraMiB = m('ebonite', 'peakMiB') - m('direct', 'peakMiB');
  return {
    graph: graphKind,
    graphBytes,
    samples,
    medianSeconds: { direct: m('direct', 'seconds'), ebonite: m('ebonite', 'seconds') },
    medianPeakAboveStartMiB: { direct: m('direct', 'peakMiB'), ebonite: m('ebonite', 'peakMiB') },
    ratio,
    extraPeakMiB: extraMiB,
    pass: ratio <= RATIO_TARGET && extraMiB <= EXTRA_MIB_TARGET,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => takeOption(args, name, fallback);
  const runs = Number(option('--runs', '3'));
  const parent = option('--dir', tmpdir());
  const graphs = option('--graph', 'gather,matmul').split(',');
  for (const g of graphs)
    if (!GRAPHS[g]) throw new Error(`Unknown graph ${g}: use ${Object.keys(GRAPHS).join(', ')}.`);
  const size = parseSize(args[0] ?? '100M', '100M, 1G');
  const { dir, cleanup } = await tempFolder('ebonite-bench-onnx-', parent);
  try {
    const loadBefore = loadAverages(2);
    const results = [];
    for (const g of graphs) results.push(await measure(dir, g, size, runs));
    const report = {
      benchmark: 'model-onnx',
      runs,
      node: process.version,
      loadAverage: { before: loadBefore, after: loadAverages(2) },
      targets: { ratio: RATIO_TARGET, extraPeakMiB: EXTRA_MIB_TARGET },
      results,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(`\nmedian of ${runs} runs each, every run in a fresh process`);
    for (const r of results) {
      console.log(`${r.graph}: ${(r.graphBytes / MiB).toFixed(1)} MiB ONNX graph`);
      for (const kind of ['direct', 'ebonite'])
        console.log(
          `  ${kind.padEnd(8)} ${r.medianSeconds[kind].toFixed(3)} s   peak RSS above start ${r.medianPeakAboveStartMiB[kind].toFixed(0)} MiB`,
        );
      console.log(
        `  ebonite / direct = ${r.ratio.toFixed(2)} (target <= ${RATIO_TARGET});  ebonite peak - direct peak = ${r.extraPeakMiB.toFixed(0)} MiB (target <= ${EXTRA_MIB_TARGET})   ${r.pass ? 'PASS' : 'FAIL'}`,
      );
    }
  } finally {
    await cleanup();
  }
}

if (process.argv[2] === '--child') await child(...process.argv.slice(3, 8));
else await main();
