import path from 'node:path';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { onnxModel, node, initializer, valueInfo, tensorType } from '../packages/model-onnx/test/onnx-writer.mjs';
const [mode, work] = process.argv.slice(2);
const ort = (await import('onnxruntime-node')).default;
const N = 15000, K = 500; // 500 initializers of 60,000 bytes: 30 MB, none moved to external data
const file = path.join(work, 'g.onnx');
if (mode === 'make') {
  const nodes = [], inits = [];
  for (let i = 0; i < K; i++) { nodes.push(node('Add', [i ? `S${i - 1}` : 'X', `W${i}`], [i === K - 1 ? 'Y' : `S${i}`])); inits.push(initializer(`W${i}`, 'float', [N], new Float32Array(N).fill(i / K))); }
  await writeFile(file, onnxModel({ nodes, initializers: inits, inputs: [valueInfo('X', tensorType('float', [N]))], outputs: [valueInfo('Y', tensorType('float', [N]))] }));
  const core = await import('@ebonite/core'); await import('@ebonite/meta-local'); await import('@ebonite/artifact-fs'); await import('@ebonite/model-onnx');
  const client = await core.Ebonite.local({ path: path.join(work, 'registry') });
  const m = await client.createModel({ path: file }, { name: 'm' });
  console.log(m.artifacts);
  await client.close();
} else {
  const core = await import('@ebonite/core'); await import('@ebonite/meta-local'); await import('@ebonite/artifact-fs'); await import('@ebonite/model-onnx');
  const client = await core.Ebonite.local({ path: path.join(work, 'registry') });
  const model = await client.getModel('m', await client.getTask('default_project', 'default_task'));
  const X = new ort.Tensor('float32', new Float32Array(N), [N]);
  global.gc(); const base = process.memoryUsage.rss();
  const t = performance.now();
  let out;
  if (mode === 'direct') { const s = await ort.InferenceSession.create(file); out = (await s.run({ X })).Y; }
  else { const l = await model.load(); out = (await l.predict({ X })).Y; }
  console.log(mode, 'ms', (performance.now() - t).toFixed(0), 'peak above start MiB', ((process.resourceUsage().maxRSS * 1024 - base) / 2 ** 20).toFixed(0), out.data[0]);
  await client.close();
}
