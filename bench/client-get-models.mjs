// getModels of 10,000 SQLite models through the client (records checked by the core) beside the
// repository alone, medians of 5: node bench/client-get-models.mjs

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite, Model } from '@ebonite/core';

// Type strings resolve from this folder's package.json, which declares the backends.
process.chdir(new URL('.', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'gm-'));
const client = await Ebonite.customClient('sqlalchemy', 'inmemory', {
  url: `sqlite:///${dir}/m.db`,
  durability: 'relaxed',
});
const task = await client.getOrCreateTask('p', 't');
for (let i = 0; i < 10000; i++)
  await client.meta.inner.createModel({
    ...Model.create({ name: `m${i}`, params: { lr: 0.1, layers: [1, 2] } }).toRecord(),
    taskId: task.id,
    artifacts: [{ name: 'model.onnx', size: 3, digest: `sha256:${'0'.repeat(64)}` }],
  });
const t = (f) => {
  const s = performance.now();
  return f().then(() => performance.now() - s);
};
const guarded = [],
  raw = [];
for (let r = 0; r < 5; r++) {
  raw.push(await t(() => client.meta.inner.getModels(task.id)));
  guarded.push(await t(() => client.meta.getModels(task.id)));
}
const med = (a) => a.sort((x, y) => x - y)[2].toFixed(1);
console.log(JSON.stringify({ rawMs: med(raw), guardedMs: med(guarded) }));
await client.close();
