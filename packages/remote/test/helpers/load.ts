import { createHash, randomBytes } from 'node:crypto';
import { Ebonite, Model } from '@ebonite/core';

/** What a load run did. */
export interface LoadReport {
  requests: Record<'getModel' | 'searchModels' | 'pull' | 'push', number>;
  failures: string[];
  /** Every push the server acknowledged: its id and the digest of its file. */
  pushed: Array<{ name: string; digest: string }>;
  latenciesMs: number[];
}

/**
 * `clients` concurrent remote clients for `durationMs`, each looping over a mix of `getModel` (50%),
 * `searchModels` (the task's first page of 20: 10%), pulls of a 256 KiB model verified by the core (25%)
 * and pushes of new 64 KiB models (15%).
 */
export async function runLoad(options: {
  url: string;
  token: string;
  clients: number;
  durationMs: number;
}): Promise<LoadReport> {
  const remote = { url: options.url, token: options.token };
  const setup = await Ebonite.customClient('http', 'http', remote, remote);
  const task = await setup.getOrCreateTask('load', `run-${Date.now()}`);
  const seed = randomBytes(256 * 1024);
  await setup.pushModel(Model.create({ name: 'seed', artifacts: { 'weights.bin': seed } }), task);
  await setup.close();
  const report: LoadReport = {
    requests: { getModel: 0, searchModels: 0, pull: 0, push: 0 },
    failures: [],
    pushed: [],
    latenciesMs: [],
  };
  const until = Date.now() + options.durationMs;
  const worker = async (n: number) => {
    const client = await Ebonite.customClient('http', 'http', remote, remote);
    let i = 0;
    while (Date.now() < until) {
      const roll = Math.random();
      const kind =
        roll < 0.5 ? 'getModel' : roll < 0.6 ? 'searchModels' : roll < 0.85 ? 'pull' : 'push';
      const started = performance.now();
      try {
        if (kind === 'getModel') {
          if (!(await client.getModel('seed', task))) throw new Error('seed model missing');
        } else if (kind === 'searchModels') {
          const page = await client.searchModels({ task, limit: 20 });
          if (!page.models.length) throw new Error('search found nothing');
        } else if (kind === 'pull') {
          const model = await client.getModel('seed', task);
          const bytes = (await model!.files.bytesDict())['weights.bin'];
          if (!bytes || !Buffer.from(bytes).equals(seed)) throw new Error('pulled bytes differ');
        } else {
          const bytes = randomBytes(64 * 1024);
          const name = `m-${n}-${i++}`;
          await client.pushModel(Model.create({ name, artifacts: { 'w.bin': bytes } }), task);
          report.pushed.push({ name, digest: createHash('sha256').update(bytes).digest('hex') });
        }
        report.requests[kind]++;
        report.latenciesMs.push(performance.now() - started);
      } catch (error) {
        report.failures.push(`${kind}: ${(error as Error).message}`);
      }
    }
    await client.close();
  };
  await Promise.all(Array.from({ length: options.clients }, (_, n) => worker(n)));
  // Every acknowledged push is there, and reads back verified.
  const check = await Ebonite.customClient('http', 'http', remote, remote);
  for (const { name, digest } of report.pushed) {
    const model = await check.getModel(name, task);
    const bytes = model && (await model.files.bytesDict())['w.bin'];
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== digest)
      report.failures.push(`acknowledged push ${name} is not readable as pushed`);
  }
  await check.close();
  return report;
}
