// The registry's web pages in Chromium (Debian's, driven by playwright-core) with the server on
// loopback: first contentful paint, time to interactive (DOMContentLoaded's end: the pages are
// rendered on the server and their one deferred script has run by then) and bytes transferred, for a
// model page, a task with 10 models and a task with N models (default 100,000), first page each, and
// page 100 of the big task by cursor. Each load is a new browser context (cold cache); medians.
// Also the server's time for the HTML alone (a plain fetch, median of 20).
// The registry is SQLite (relaxed durability, to seed quickly) + in-memory artifacts.
//
//   node bench/web-pages.mjs [--models 100000] [--runs 5]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inMemoryArtifacts } from '@ebonite/artifact-memory';
import { Ebonite, Model } from '@ebonite/core';
import { sqlMetadata } from '@ebonite/meta-sql';
import { createServer, createToken } from '@ebonite/server';
import { chromium } from 'playwright-core';
import { takeOption } from './lib/args.mjs';
import { loadAverages } from './lib/load-average.mjs';
import { median } from './lib/stats.mjs';

const args = process.argv.slice(2);
const count = Number(takeOption(args, '--models', '100000'));
const runs = Number(takeOption(args, '--runs', '5'));
const dir = await mkdtemp(join(tmpdir(), 'ebonite-bench-web-'));
const client = new Ebonite(
  sqlMetadata({ url: `sqlite://${join(dir, 'meta.db')}`, durability: 'relaxed' }),
  inMemoryArtifacts(),
);
const tokens = join(dir, 'tokens.json');
const { token } = await createToken(tokens, { name: 'bench', scope: 'read' });

const started = Date.now();
const small = await client.getOrCreateTask('bench', 'ten');
const big = await client.getOrCreateTask('bench', 'big');
const push = (task, i) =>
  client.pushModel(
    Model.create({
      artifacts: { 'model.bin': Buffer.from(`weights ${i}`) },
      params: { lr: 1 / (i + 1), layers: { depth: i % 7, width: 128 } },
      tags: { stage: i % 10 === 0 ? 'production' : 'candidate', run: String(i) },
      description: `model ${i}`,
    }),
    task,
  );
for (let i = 0; i < 10; i++) await push(small, i);
for (let i = 0; i < count; i += 100)
  await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => push(big, i + j)));
console.log(`seeded ${count + 10} models in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const server = createServer(client, { tokens, logger: false });
const url = await server.listen({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.EBONITE_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

/** One cold load of `path`: a new context signed in by its cookie, then the page's own timings. */
async function load(path) {
  const context = await browser.newContext({ baseURL: url });
  await context.addCookies([{ name: 'ebonite_session', value: token, url }]);
  const page = await context.newPage();
  await page.goto(path, { waitUntil: 'load' });
  // First contentful paint is reported a little after it happens: wait for the entry (buffered).
  const m = await page.evaluate(`new Promise((resolve) => {
    const done = (fcp) => {
      const nav = performance.getEntriesByType('navigation')[0];
      const bytes = [nav, ...performance.getEntriesByType('resource')].reduce((s, e) => s + e.transferSize, 0);
      resolve({ fcp, interactive: nav.domContentLoadedEventEnd, bytes });
    };
    new PerformanceObserver((list) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) done(e.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => done(NaN), 5000);
  })`);
  await context.close();
  return m;
}

/** The address of the big task's page `deep` (pages of 50), found by following "Next page". */
async function deepPath() {
  let path = '/p/bench/big';
  const context = await browser.newContext({ baseURL: url });
  await context.addCookies([{ name: 'ebonite_session', value: token, url }]);
  const page = await context.newPage();
  for (let i = 1; i < deep; i++) {
    await page.goto(path);
    path = await page.locator('a[rel=next]').getAttribute('href');
  }
  await context.close();
  return path;
}

const deep = Math.min(100, Math.floor(count / 50));
const model = (await client.searchModels({ task: big, limit: 1 })).models[0];
const pages = {
  'model page': `/p/bench/big/${encodeURIComponent(model.name)}`,
  'task, 10 models': '/p/bench/ten',
  [`task, ${count} models`]: '/p/bench/big',
  [`task, ${count} models, page ${deep}`]: await deepPath(),
  'search tag:stage=production': '/search?q=tag%3Astage%3Dproduction',
};
/** The server's time for the page's HTML alone (fetch on loopback), median of 20. */
async function serverMs(path) {
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const response = await fetch(`${url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    times.push(performance.now() - t0);
  }
  return Math.round(median(times) * 10) / 10;
}

const rows = [];
for (const [name, path] of Object.entries(pages)) {
  await load(path); // warm the server's code paths, not the browser's cache
  const samples = [];
  for (let r = 0; r < runs; r++) samples.push(await load(path));
  rows.push({
    page: name,
    'HTML ms': await serverMs(path),
    'FCP ms': Math.round(median(samples.map((s) => s.fcp))),
    'interactive ms': Math.round(median(samples.map((s) => s.interactive))),
    'KB transferred': Math.round(median(samples.map((s) => s.bytes)) / 102.4) / 10,
  });
}
console.table(rows);
console.log(
  `medians of ${runs} cold loads; load average ${loadAverages(2).join(' ')}; Chromium ${browser.version()}`,
);
await browser.close();
await server.close();
await client.close();
await rm(dir, { recursive: true, force: true });
