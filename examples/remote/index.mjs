// The remote walkthrough: metadata in PostgreSQL, model files in S3, both resolved by type string, then
// the client config saved and a second client made from it that sees the same model.
//
//   EBONITE_PG_URL       default postgres://postgres@127.0.0.1:5432/postgres (tables in schema ebonite_example)
//   EBONITE_S3_ENDPOINT  an S3-compatible endpoint; when unset, a local S3-protocol server (fauxqs) is
//                        started on 127.0.0.1 for the run. Credentials come from the AWS SDK's standard
//                        chain (AWS_ACCESS_KEY_ID, profiles, ...); the example sets dummy ones for the local server.
import { rm } from 'node:fs/promises';
import { Ebonite, Model } from '@ebonite/core';
import { startFauxqs } from 'fauxqs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
let server;
let endpoint = process.env.EBONITE_S3_ENDPOINT;
if (!endpoint) {
  server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  endpoint = `http://127.0.0.1:${server.port}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  console.log(`started a local S3 server at ${endpoint}`);
}
const pgUrl = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ebnt = await Ebonite.customClient(
  'sqlalchemy',
  's3',
  { url: pgUrl, schema: 'ebonite_example' },
  {
    bucket: 'ebonite-models',
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    createBucket: true,
  },
);
try {
  const task = await ebnt.getOrCreateTask('remote_project', 'remote_task');
  const previous = await ebnt.getModel('remote_model', task);
  if (previous) await ebnt.deleteModel(previous, { force: true }); // re-runnable: the S3 server may be new

  const weights = Buffer.alloc(6 * 1024 * 1024, 42); // large enough for a multipart upload
  const pushed = await ebnt.pushModel(
    Model.create({
      name: 'remote_model',
      params: { layers: 3 },
      artifacts: { 'weights.bin': weights, 'meta/labels.txt': Buffer.from('cat\ndog\n') },
    }),
    task,
  );
  console.log(`pushed ${pushed.name} (id ${pushed.id}) to PostgreSQL + S3:`);
  for (const a of await pushed.files.list()) console.log(`  ${a.name}  ${a.size} B  ${a.digest}`);

  const config = new URL('./ebonite.config.json', import.meta.url).pathname;
  await ebnt.saveClientConfig(config);
  console.log(`saved the client config to ${config}`);

  const second = await Ebonite.fromConfigFile(config);
  try {
    const found = await second.getModel(
      'remote_model',
      await second.getTask('remote_project', 'remote_task'),
    );
    const files = await found.files.bytesDict();
    const same =
      found.id === pushed.id && Buffer.compare(Buffer.from(files['weights.bin']), weights) === 0;
    console.log(
      `a second client from the config sees ${found.name} (id ${found.id}); bytes identical: ${same}`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    await second.close();
    await rm(config, { force: true });
  }
} finally {
  await ebnt.close();
  await server?.stop();
}
