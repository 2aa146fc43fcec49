// Benchmark of copying a registry: 1,000 models with 1 GiB of artifacts in all, from a local registry to
// `sqlalchemy` (SQLite) + `s3` (a local S3-protocol server, fauxqs, in a child process, fresh for each
// phase). Target: copyRegistry / `ebonite copy` within 1.3 times the plain SDK doing the same in the same script.
//
// Phases, each into a fresh target (new SQLite file, new server):
//   sdk        the plain SDK, as a user would write it: for every model, getOrCreateTask + pushModel of a
//              Model.create whose artifacts are the source's verified streams (new ids, sequential);
//   copy-1     copyRegistry(source, target, { concurrency: 1 }): the same work, sequential, ids kept;
//   copy       copyRegistry with its default concurrency (4);
//   cli        `ebonite copy --from <source> --to <config>`, the whole process;
//   raw-s3     the physical floor: the same files uploaded with @aws-sdk/lib-storage alone (no metadata, no hashing).
//
//   node bench/cli-copy.mjs [models=1000] [totalMiB=1024]
//
// Build first: pnpm --filter @ebonite/core --filter @ebonite/meta-sql --filter @ebonite/artifact-s3 --filter @ebonite/artifact-fs --filter @ebonite/meta-local --filter @ebonite/cli build
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { withTempFolder } from '@ebonite/test-utils/temp-folders';
import { loadAverages } from './lib/load-average.mjs';
import { startBenchS3 } from './lib/s3-server.mjs';
import { roundTo } from './lib/stats.mjs';
import { timeSeconds } from './lib/timing.mjs';

// Type strings resolve from the project that runs the script: this folder's package.json declares the backends.
process.chdir(fileURLToPath(new URL('.', import.meta.url)));

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MIB = 1024 * 1024;

await main();

async function main() {
  const models = Number(process.argv[2] ?? 1000);
  const totalMiB = Number(process.argv[3] ?? 1024);
  const { Ebonite, Model, copyRegistry } = await import('@ebonite/core');
  const { sqlMetadata } = await import('@ebonite/meta-sql');
  const { s3Artifacts } = await import('@ebonite/artifact-s3');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
  const benchDir = fileURLToPath(new URL('.', import.meta.url));

  await withTempFolder('ebonite-bench-cli-copy-', async (dir) => {
    // The source: `models` models of two files each (the weights, and a small config), totalMiB in all.
    const perModel = Math.floor((totalMiB * MIB) / models);
    const t = performance.now();
    const source = await Ebonite.local({ path: join(dir, 'source') });
    const task = await source.getOrCreateTask('bench', 'classifier');
    let bytes = 0;
    for (let i = 0; i < models; i++) {
      const config = Buffer.from(JSON.stringify({ i, layers: [64, 32, 10] }));
      const weights = randomBytes(perModel - config.length);
      bytes += weights.length + config.length;
      await source.pushModel(
        Model.create({
          name: `model-${String(i).padStart(4, '0')}`,
          artifacts: { 'model.bin': weights, 'config.json': config },
          params: { i },
        }),
        task,
      );
    }
    const fillSeconds = (performance.now() - t) / 1000;
    const sourceModels = await source.getModels(task);

    const phases = {};
    const target = async (name, work) => {
      const server = await startBenchS3('bench');
      const s3 = { bucket: server.bucket, ...server.connection };
      const client = new Ebonite(
        sqlMetadata({ url: `sqlite://${join(dir, `${name}.db`)}` }),
        s3Artifacts(s3),
      );
      try {
        const seconds = await timeSeconds(() => work(client, s3));
        phases[name] = { seconds: round(seconds), mibPerSecond: round(bytes / MIB / seconds) };
        console.error(`${name}: ${round(seconds)} s`);
      } finally {
        await client.close();
        await server.stop();
      }
    };

    await target('sdk', async (to) => {
      const t2 = await to.getOrCreateTask('bench', 'classifier');
      for (const model of sourceModels) {
        const artifacts = {};
        for (const a of model.artifacts) artifacts[a.name] = await model.files.open(a.name);
        await to.pushModel(
          Model.create({
            name: model.name,
            params: model.params,
            description: model.description,
            author: model.author,
            artifacts,
          }),
          t2,
        );
      }
    });
    await target('copy-1', async (to) =>
      check(await copyRegistry(source, to, { concurrency: 1 }), models),
    );
    await target('copy', async (to) => check(await copyRegistry(source, to), models));
    await target('cli', async (to) => {
      const config = join(dir, 'cli-target.json');
      await to.saveClientConfig(config);
      // The CLI resolves `sqlalchemy` and `s3` from the project in the current folder: bench/ installs them.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [bin, '--quiet', 'copy', '--from', join(dir, 'source'), '--to', config, '--json'],
        { cwd: benchDir, maxBuffer: 64 * MIB },
      );
      check(JSON.parse(stdout), models);
    });
    await target('raw-s3', async (_to, s3) => {
      const client = new S3Client(s3);
      for (const model of sourceModels) {
        for (const a of model.artifacts) {
          const body = createReadStream(
            join(dir, 'source', 'artifacts', 'model', model.id, a.name),
            { highWaterMark: MIB },
          );
          await new Upload({
            client,
            params: { Bucket: s3.bucket, Key: `raw/${model.id}/${a.name}`, Body: body },
            partSize: 8 * MIB,
            queueSize: 4,
          }).done();
        }
      }
      client.destroy();
    });
    await source.close();

    const ratio = (name) => round(phases[name].seconds / phases.sdk.seconds);
    const result = {
      benchmark: 'cli-copy',
      models,
      bytes,
      fillSeconds: round(fillSeconds),
      phases,
      ratioToSdk: {
        'copy-1': ratio('copy-1'),
        copy: ratio('copy'),
        cli: ratio('cli'),
        'raw-s3': ratio('raw-s3'),
      },
      target: 1.3,
      withinTarget: ratio('copy') <= 1.3 && ratio('cli') <= 1.3,
      loadavg: loadAverages(2),
    };
    console.log(JSON.stringify(result));
    console.log(
      `Copy of ${models} models, ${round(bytes / MIB)} MiB, local -> sqlalchemy (SQLite) + s3 (fauxqs): plain SDK ${phases.sdk.seconds} s; ` +
        `copyRegistry ${phases.copy.seconds} s (${result.ratioToSdk.copy}x), sequential ${phases['copy-1'].seconds} s (${result.ratioToSdk['copy-1']}x); ` +
        `ebonite copy (whole process) ${phases.cli.seconds} s (${result.ratioToSdk.cli}x); raw lib-storage uploads ${phases['raw-s3'].seconds} s. ` +
        `Target <= 1.3x: ${result.withinTarget ? 'met' : 'MISSED'}. Load average ${result.loadavg.join(' ')}.`,
    );
  });
}

function check(report, models) {
  if (report.models.copied !== models || report.failures.length || report.conflicts.length)
    throw new Error(`The copy did not copy every model: ${JSON.stringify(report.models)}`);
}

function round(x) {
  return roundTo(x, 2);
}
