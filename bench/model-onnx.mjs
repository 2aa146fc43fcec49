// Benchmark of the `onnx` model wrapper against its physical baseline.
//
//   node bench/model-onnx.mjs [size] [--runs N] [--dir FOLDER]
//
// size: bytes, or with a unit (100M, 1G); 100 MiB by default. Build the packages first:
//   pnpm --filter @ebonite/core --filter @ebonite/meta-local --filter @ebonite/artifact-fs --filter @ebonite/model-onnx build
// Writes an ONNX graph whose one initializer is `size` bytes (an embedding table read by Gather, ids
// int64 [batch, 8]), then, N times (3 by default), each in a fresh process holding the graph's bytes:
//   direct   writes the bytes to a file (fsync'd), creates an InferenceSession from it, runs it once;
//   ebonite  client.createModel(bytes) into a local registry (its files are fsync'd), getModel,
//            model.load(), predict once: the same run through ebonite.
// The two outputs must be identical. Reports medians, the ratio ebonite/direct (target <= 1.3) and each
// process's peak RSS above what it held before the timed part (the bytes, the runtime loaded and warmed):
// target <= the model's size + 150 MiB.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolder } from '@ebonite/test-utils/temp-folders';
import { parseSize, takeOption } from './lib/args.mjs';
import { upperMedian as median } from './lib/stats.mjs';

const MiB = 1024 * 1024;
const ROW = 1024; // floats per embedding row
const IDS = [3, 1, 4, 1, 5, 9, 2, 6];
const script = fileURLToPath(import.meta.url);

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

async function writeGraph(file, size) {
  const rows = Math.max(16, Math.floor(size / (ROW * 4)));
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
    msg(1, [str(1, 'W'), str(1, 'ids'), str(2, 'Y'), str(4, 'Gather')]),
    str(2, 'embedding'),
    key(5, 2),
    varint(initializerLength),
    initializerHead,
  ]);
  const after = Buffer.concat([
    msg(11, [str(1, 'ids'), msg(2, [tensorType(7, ['batch', IDS.length])])]),
    msg(12, [str(1, 'Y'), msg(2, [tensorType(1, ['batch', IDS.length, ROW])])]),
  ]);
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
    // Finite floats only (clear the top exponent bit), so outputs compare byte for byte without NaNs.
    for (let i = 3; i < chunk.length; i += 4) chunk[i] &= 0x3f;
    await write(chunk);
  }
  await write(Buffer.concat([after, msg(8, [str(1, ''), int(2, 17)])]));
  out.end();
  await once(out, 'finish');
}

// ---- one timed run, in its own process ----
async function child(kind, graphFile, work) {
  const ort = (await import('onnxruntime-node')).default;
  const bytes = await readFile(graphFile);
  const ids = () => new ort.Tensor('int64', BigInt64Array.from(IDS.map(BigInt)), [1, IDS.length]);
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
  await writeGraph(warmFile, 64 * 1024);
  const warm = await ort.InferenceSession.create(warmFile);
  await warm.run({ ids: ids() });
  await warm.release();

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  let output;
  if (kind === 'direct') {
    const file = path.join(work, 'model.onnx');
    const handle = await open(file, 'w');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    const session = await ort.InferenceSession.create(file);
    output = (await session.run({ ids: ids() })).Y;
    await session.release();
  } else {
    await client.createModel(bytes, { ids: ids() }, { name: 'embedding' });
    const model = await client.getModel(
      'embedding',
      await client.getTask('default_project', 'default_task'),
    );
    const loaded = await model.load();
    output = (await loaded.predict({ ids: ids() })).Y;
    await loaded.dispose();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await client?.close();
  const peakMiB = (process.resourceUsage().maxRSS * 1024 - rssBefore) / MiB;
  const digest = (await import('node:crypto'))
    .createHash('sha256')
    .update(Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength))
    .digest('hex');
  process.stdout.write(
    `${JSON.stringify({ seconds, peakMiB, rssBeforeMiB: rssBefore / MiB, digest })}\n`,
  );
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => takeOption(args, name, fallback);
  const runs = Number(option('--runs', '3'));
  const parent = option('--dir', tmpdir());
  const size = parseSize(args[0] ?? '100M', '100M, 1G');
  const { dir, cleanup } = await tempFolder('ebonite-bench-onnx-', parent);
  try {
    const graph = path.join(dir, 'graph.onnx');
    await writeGraph(graph, size);
    const graphBytes = (await readFile(graph)).byteLength;
    const samples = { direct: [], ebonite: [] };
    for (let run = 0; run < runs; run++) {
      for (const kind of run % 2 ? ['ebonite', 'direct'] : ['direct', 'ebonite']) {
        const work = await mkdtemp(path.join(dir, `${kind}-`));
        spawnSync('sync');
        const done = spawnSync(
          process.execPath,
          ['--expose-gc', script, '--child', kind, graph, work],
          { cwd: path.dirname(script), encoding: 'utf8', maxBuffer: 16 * MiB },
        );
        if (done.status !== 0)
          throw new Error(`${kind} run failed:\n${done.stdout}\n${done.stderr}`);
        samples[kind].push(JSON.parse(done.stdout.trim().split('\n').at(-1)));
        await rm(work, { recursive: true, force: true });
      }
    }
    const digests = new Set([...samples.direct, ...samples.ebonite].map((s) => s.digest));
    if (digests.size !== 1)
      throw new Error(`outputs differ between runs: ${[...digests].join(', ')}`);
    const m = (kind, field) => median(samples[kind].map((s) => s[field]));
    const ratio = m('ebonite', 'seconds') / m('direct', 'seconds');
    const memoryTarget = graphBytes / MiB + 150;
    const report = {
      benchmark: 'model-onnx',
      graphBytes,
      runs,
      node: process.version,
      samples,
      medianSeconds: { direct: m('direct', 'seconds'), ebonite: m('ebonite', 'seconds') },
      medianPeakAboveStartMiB: { direct: m('direct', 'peakMiB'), ebonite: m('ebonite', 'peakMiB') },
      ratio,
      targets: { ratio: 1.3, peakAboveStartMiB: memoryTarget },
      pass: ratio <= 1.3 && Math.max(...samples.ebonite.map((s) => s.peakMiB)) <= memoryTarget,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `\n${(graphBytes / MiB).toFixed(1)} MiB ONNX graph, median of ${runs} runs (each in a fresh process)`,
    );
    for (const kind of ['direct', 'ebonite'])
      console.log(
        `  ${kind.padEnd(8)} ${report.medianSeconds[kind].toFixed(3)} s   peak RSS above start ${report.medianPeakAboveStartMiB[kind].toFixed(0)} MiB`,
      );
    console.log(
      `  ebonite / direct = ${ratio.toFixed(2)} (target <= 1.3);  ebonite peak ${Math.max(...samples.ebonite.map((s) => s.peakMiB)).toFixed(0)} MiB (target <= ${memoryTarget.toFixed(0)})   ${report.pass ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await cleanup();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
