import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLoad } from './helpers/load.js';
import { startRegistry, type TestRegistry } from './helpers/registry-server.js';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry?.close());

it('10 concurrent clients for about 8 s: no failed request, every acknowledged push reads back verified', async () => {
  const rssStart = process.memoryUsage().rss;
  const report = await runLoad({
    url: registry.url,
    token: registry.tokens.write,
    clients: 10,
    durationMs: 8000,
  });
  const rssEnd = process.memoryUsage().rss;
  const sorted = [...report.latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `load: ${JSON.stringify(report.requests)}, ${report.failures.length} failures; latency p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms; RSS (server and clients in one process) ${(rssStart / 2 ** 20).toFixed(0)} -> ${(rssEnd / 2 ** 20).toFixed(0)} MiB`,
  );
  expect(report.failures).toEqual([]);
  expect(report.requests.push).toBeGreaterThan(5);
  expect(report.requests.pull).toBeGreaterThan(5);
  expect(report.requests.searchModels).toBeGreaterThan(5);
  expect(rssEnd - rssStart).toBeLessThan(300 * 2 ** 20);
}, 60_000);
