// The team registry walkthrough: a server on a temporary SQLite + local-files registry, a write token,
// a model pushed by one client and pulled by another through the `http` backends, then one artifact
// fetched with plain fetch and a Range header, as any HTTP tool would (curl -H 'Range: bytes=...'); then
// the next version, an alias and a search through the server.
//
// From the command line the same server is:
//   ebonite token create --tokens tokens.json --name ci --scope write
//   ebonite --config registry.json serve --port 8080 --tokens tokens.json
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite, Model } from '@ebonite/core';
import { createServer, createToken } from '@ebonite/server';

const dir = await mkdtemp(join(tmpdir(), 'ebonite-example-server-'));
try {
  // 1. The registry the server holds: SQLite metadata and local files, by type string.
  const registry = await Ebonite.customClient(
    'sqlalchemy',
    'local',
    { url: `sqlite://${join(dir, 'registry.db')}` },
    { root: join(dir, 'artifacts') },
  );
  const tokens = join(dir, 'tokens.json');
  const { token } = await createToken(tokens, { name: 'ci', scope: 'write' });
  const server = createServer(registry, { tokens, logger: false });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  console.log(`registry server on ${url} (document: ${url}/api/v1/openapi.json)`);

  // 2. One client pushes through the server...
  const remote = { url, token };
  const alice = await Ebonite.customClient('http', 'http', remote, remote);
  const weights = randomBytes(2 * 1024 * 1024);
  const pushed = await alice.pushModel(
    Model.create({
      name: 'churn-v1',
      params: { threshold: 0.42 },
      artifacts: { 'weights.bin': weights, 'config/labels.json': Buffer.from('["no","yes"]') },
    }),
    await alice.getOrCreateTask('demo', 'churn'),
  );
  console.log(`alice pushed ${pushed.name} (${pushed.id}):`);
  for (const a of pushed.artifacts) console.log(`  ${a.name}  ${a.size} bytes  ${a.digest}`);
  await alice.close();

  // 3. ...another pulls it, every byte verified against its digest.
  const bob = await Ebonite.customClient('http', 'http', remote, remote);
  const model = await bob.getModel('churn-v1', await bob.getTask('demo', 'churn'));
  const written = await model.files.materialize(join(dir, 'pulled'));
  const same = (await readFile(join(dir, 'pulled', 'weights.bin'))).equals(weights);
  console.log(`bob pulled ${model.name}: ${written.length} files, weights identical: ${same}`);
  await bob.close();
  if (!same) throw new Error('the pulled weights differ');

  // 4. Any HTTP client: a resumed download with Range, checked against the ETag (the sha256 digest).
  const artifactUrl = `${url}/api/v1/projects/demo/tasks/churn/models/churn-v1/artifacts/weights.bin`;
  const head = await fetch(artifactUrl, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token}` },
  });
  const half = weights.length / 2;
  const rest = await fetch(artifactUrl, {
    headers: { authorization: `Bearer ${token}`, range: `bytes=${half}-` },
  });
  const tail = Buffer.from(await rest.arrayBuffer());
  const whole = Buffer.concat([weights.subarray(0, half), tail]);
  const digest = `"sha256:${createHash('sha256').update(whole).digest('hex')}"`;
  console.log(
    `plain fetch: HEAD ${head.status} (${head.headers.get('content-length')} bytes, ETag ${head.headers.get('etag')})`,
  );
  console.log(
    `             Range bytes=${half}- -> ${rest.status} ${rest.headers.get('content-range')}; resumed file matches the ETag: ${digest === head.headers.get('etag')}`,
  );
  if (rest.status !== 206 || digest !== head.headers.get('etag'))
    throw new Error('the resumed download does not match');

  // 5. Versions, tags, aliases and search through the server: a push without a name is the task's
  // next version; the alias history names the token that moved it; a search is one GET.
  const carol = await Ebonite.customClient('http', 'http', remote, remote);
  const task = await carol.getTask('demo', 'churn');
  const next = await carol.pushModel(
    Model.create({ artifacts: { 'weights.bin': weights }, tags: { stage: 'candidate' } }),
    task,
  );
  await carol.setAlias(task, 'production', next);
  const [move] = await carol.getAliasHistory(task, 'production');
  console.log(
    `carol pushed ${next.name} (version ${next.version}); production -> ${(await carol.getModelByAlias(task, 'production')).name}, moved by token "${move.author}"`,
  );
  await carol.close();
  const search = await fetch(`${url}/api/v1/search?project=demo&tag=stage=candidate`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const page = await search.json();
  console.log(
    `GET /api/v1/search?project=demo&tag=stage=candidate -> ${page.models.map((m) => m.name).join(', ')} (nextCursor ${page.nextCursor})`,
  );
  if (page.models.length !== 1 || move.author !== 'ci')
    throw new Error('unexpected search or alias');

  await server.close();
  await registry.close();
  console.log('done');
} finally {
  await rm(dir, { recursive: true, force: true });
}
