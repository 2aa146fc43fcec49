// The local walkthrough: a registry in ./.ebonite, a project and a task, a model pushed, then what
// .ebonite/metadata.json holds. Run it with `pnpm demo` from the repository root.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Ebonite, Model } from '@ebonite/core';

const ebnt = await Ebonite.local({ clear: true });
const task = await ebnt.getOrCreateTask('my_project', 'my_task');

// A model is files plus metadata. Files can be bytes, { path } of a local file, or a stream.
const weights = Readable.from(
  (function* () {
    for (let i = 0; i < 16; i++) yield Buffer.alloc(64 * 1024, i);
  })(),
);
const model = Model.create({
  name: 'my_model',
  description: 'A walkthrough model: 1 MiB of weights and a tokenizer',
  params: { learningRate: 0.01, epochs: 3 },
  requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
  artifacts: {
    'weights.bin': weights,
    'tokenizer/vocab.txt': Buffer.from('hello\nworld\n'),
    'package.json': { path: new URL('./package.json', import.meta.url).pathname },
  },
});
const pushed = await ebnt.pushModel(model, task);
console.log(`pushed ${pushed.name} (id ${pushed.id})`);
for (const artifact of await pushed.files.list())
  console.log(`  ${artifact.name}  ${artifact.size} B  ${artifact.digest}`);

// Read it back through a fresh client, as another process would.
await ebnt.close();
const again = await Ebonite.local();
const found = await again.getModel('my_model', await again.getTask('my_project', 'my_task'));
const files = await found.files.bytesDict();
console.log(
  `read back ${Object.keys(files).length} files, tokenizer: ${JSON.stringify(Buffer.from(files['tokenizer/vocab.txt']).toString())}`,
);
await again.close();

const file = resolve('.ebonite/metadata.json');
const metadata = JSON.parse(await readFile(file, 'utf8'));
console.log(`\n${file} holds:`);
console.log(JSON.stringify(metadata, null, 2));
