// Benchmark of `ebonite ls project/task` on a task of 10,000 models in SQLite: the whole process, from
// spawn to exit, as a user types it. Target: under 0.5 s. Baselines in the same run: an empty Node
// process (the floor), `ebonite --version` (the CLI's own start-up), and the same listing through the
// SDK in-process (the metadata read alone).
//
//   node bench/cli-ls.mjs [models=10000] [runs=7]
//
// Build first: pnpm --filter @ebonite/core --filter @ebonite/meta-sql --filter @ebonite/artifact-fs --filter @ebonite/meta-local --filter @ebonite/cli build
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { localArtifacts } from '@ebonite/artifact-fs';
import { Ebonite } from '@ebonite/core';
import { newId, nowIso } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';
import { withTempFolder } from '@ebonite/test-utils/temp-folders';
import { loadAverages } from './lib/load-average.mjs';
import { roundTo, upperMedian } from './lib/stats.mjs';
import { timeMs } from './lib/timing.mjs';

const run = promisify(execFile);
const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 7);
const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));

await withTempFolder('ebonite-bench-cli-ls-', async (dir) => {
  const config = join(dir, 'client.json');
  const client = new Ebonite(
    sqlMetadata({ url: `sqlite://${join(dir, 'registry.db')}` }),
    localArtifacts({ root: join(dir, 'artifacts') }),
  );
  const task = await client.getOrCreateTask('bench', 'classifier');
  let t = performance.now();
  // Metadata only (ls never opens artifacts): each model records two artifacts, as pushed models do.
  for (let i = 0; i < count; i++) {
    await client.meta.createModel({
      id: newId(),
      name: `model-${String(i).padStart(5, '0')}`,
      author: 'bench',
      creationDate: nowIso(),
      taskId: task.id,
      description: `model ${i}`,
      params: { i, lr: 0.001 * (i % 10), layers: [64, 32, 10] },
      requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
      artifacts: [
        { name: 'model.onnx', size: 1_000_000 + i, digest: `sha256:${'a'.repeat(64)}` },
        { name: 'tokenizer/vocab.txt', size: 20_000, digest: `sha256:${'b'.repeat(64)}` },
      ],
      wrapper: null,
    });
  }
  const fillSeconds = (performance.now() - t) / 1000;
  await client.saveClientConfig(config);
  t = performance.now();
  const listed = (await client.getModels(task)).length;
  const sdkMs = performance.now() - t;
  await client.close();

  // The CLI resolves `sqlalchemy` from the project in the current folder: bench/ installs @ebonite/meta-sql.
  const time = async (args) => {
    const samples = [];
    let stdout = '';
    for (let i = 0; i < runs; i++) {
      samples.push(
        await timeMs(async () => {
          ({ stdout } = await run(process.execPath, args, {
            cwd: benchDir,
            maxBuffer: 64 * 1024 * 1024,
          }));
        }),
      );
    }
    return {
      medianMs: round(upperMedian(samples)),
      minMs: round(Math.min(...samples)),
      maxMs: round(Math.max(...samples)),
      lines: stdout.split('\n').filter(Boolean).length,
    };
  };
  const node = await time(['-e', '']);
  const version = await time([bin, '--version']);
  const ls = await time([bin, '--config', config, 'ls', 'bench/classifier']);
  const json = await time([bin, '--config', config, 'ls', 'bench/classifier', '--json']);
  const result = {
    benchmark: 'cli-ls',
    models: count,
    listedBySdk: listed,
    fillSeconds: round(fillSeconds),
    sdkGetModelsMs: round(sdkMs),
    emptyNode: node,
    cliVersion: version,
    cliLs: ls,
    cliLsJson: json,
    targetMs: 500,
    withinTarget: ls.medianMs < 500,
    loadavg: loadAverages(1),
  };
  console.log(JSON.stringify(result));
  console.log(
    `ebonite ls on a task of ${count} models (SQLite): median ${ls.medianMs} ms (min ${ls.minMs}, max ${ls.maxMs}) over ${runs} runs, ${ls.lines} lines; ` +
      `--json ${json.medianMs} ms; empty node ${node.medianMs} ms; ebonite --version ${version.medianMs} ms; SDK getModels in-process ${round(sdkMs)} ms. ` +
      `Target < 500 ms: ${result.withinTarget ? 'met' : 'MISSED'}. Load average ${result.loadavg.join(' ')}.`,
  );
});

function round(x) {
  return roundTo(x, 1);
}
