import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { seedRegistry, XSS } from './seed-registry.js';

// The pages in a real browser: Debian's Chromium, driven by playwright-core.

const CHROMIUM = process.env.EBONITE_CHROMIUM ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present && process.env.EBONITE_REQUIRE_SERVICES === '1')
  throw new Error(
    `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set EBONITE_CHROMIUM).`,
  );

/** Where the screenshots go, for a person to look at after the run. */
const SHOTS = join(import.meta.dirname, '../../../../.test-tmp/screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let s: TestServer;
let browser: Browser;

async function signedIn(
  token: string,
  options: { bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: s.url, acceptDownloads: true, ...options });
  const page = await context.newPage();
  await page.goto('/');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${s.url}/`);
  await page.close();
  return context;
}

/** Fails the test if the page ever runs a script that opens a dialog (every payload calls alert). */
function forbidDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return opened;
}

describe.skipIf(!present)('the registry pages in Chromium', () => {
  beforeAll(async () => {
    s = await startTestServer();
    await seedRegistry(s.client, 120);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('browses from the home page to a model by clicking links', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/');
    await page.screenshot({ path: join(SHOTS, 'home.png'), fullPage: true });
    await page.getByRole('link', { name: 'vision' }).click();
    await page.getByRole('link', { name: 'classifier' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('classifier');
    await page.screenshot({ path: join(SHOTS, 'task.png'), fullPage: true });
    await page.getByRole('link', { name: 'v120', exact: true }).click();
    expect(await page.locator('h1').textContent()).toBe('v120');
    expect(await page.locator('.facts').textContent()).toContain('120');
    await page.screenshot({ path: join(SHOTS, 'model.png'), fullPage: true });
    await context.close();
  });

  it('searches by tag and pages to the second page, the query in the URL', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Search models').fill('tag:stage=candidate');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=tag%3Astage%3Dcandidate/);
    const first = await page.locator('table.models tbody tr').count();
    expect(first).toBe(50);
    const firstNames = await page
      .locator('table.models tbody tr td:first-child a')
      .allTextContents();
    await page.getByRole('link', { name: 'Next page' }).click();
    const second = await page.locator('table.models tbody tr td:first-child a').allTextContents();
    expect(second).toHaveLength(10); // 60 candidates: even runs
    expect(second.filter((n) => firstNames.includes(n))).toEqual([]);
    // the shared link gives the same page to another browser session
    const shared = await (await signedIn(s.tokens.read)).newPage();
    await shared.goto(page.url());
    expect(
      await shared.locator('table.models tbody tr td:first-child a').allTextContents(),
    ).toEqual(second);
    await context.close();
  });

  it('downloads an artifact whose sha256 is the one the page shows', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/p/vision/classifier/v7');
    const shown = (await page.locator('code.digest').first().textContent())?.trim();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'model.bin' }).click(),
    ]);
    const bytes = await readFile((await download.path()) as string);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    expect(bytes.toString()).toContain('weights of run 6');
    await context.close();
  });

  it('moves an alias with a write token and shows the history grow', async () => {
    const context = await signedIn(s.tokens.write);
    const page = await context.newPage();
    const move = async (model: string) => {
      await page.goto('/p/vision/classifier');
      await page.getByLabel('Alias', { exact: true }).fill('production');
      await page.getByLabel('to model').fill(model);
      await page.getByRole('button', { name: 'Move alias' }).click();
      await page.waitForURL(`${s.url}/p/vision/classifier`);
    };
    await move('v3');
    await move('v5');
    const summary = page.locator('details.history summary');
    expect(await summary.textContent()).toContain('History of production (2 moves)');
    await summary.click();
    const items = await page.locator('.history-list li').allTextContents();
    expect(items[0]).toMatch(/from v3 to v5/);
    expect(items[1]).toMatch(/from nothing to v3/);
    const task = (await s.client.getTask('vision', 'classifier'))!;
    expect((await s.client.getModelByAlias(task, 'production'))?.name).toBe('v5');
    await context.close();
  });

  it('shows no controls to a read token', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/p/vision/classifier');
    expect(await page.getByRole('button', { name: 'Move alias' }).count()).toBe(0);
    await page.goto('/p/vision/classifier/v1');
    expect(await page.getByRole('button', { name: 'Save tags' }).count()).toBe(0);
    await context.close();
  });

  it('keeps every payload a name, description, param or tag holds as text', async () => {
    const context = await signedIn(s.tokens.write);
    const page = await context.newPage();
    const dialogs = forbidDialogs(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/p/vision/classifier/${encodeURIComponent(XSS.name)}`);
    expect(await page.locator('h1').textContent()).toBe(XSS.name);
    expect(await page.locator('.description').textContent()).toBe(XSS.description);
    await page.goto(`/search?q=${encodeURIComponent('<img')}`);
    await page.goto('/p/vision/classifier?sort=name&order=asc');
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    await context.close();
  });

  it('compares models side by side and charts a param over time', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/p/vision/classifier');
    for (const name of ['v120', 'v119', 'v118']) await page.getByLabel(`Compare ${name}`).check();
    await page.getByRole('button', { name: /Compare selected/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Compare models of classifier');
    const lr = page.locator('tr', { has: page.locator('th', { hasText: 'param lr' }) });
    expect(await lr.getAttribute('class')).toBe('differs');
    const optimizer = page.locator('tr', {
      has: page.locator('th', { hasText: 'param optimizer' }),
    });
    expect(await optimizer.getAttribute('class')).toBe('same');
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });
    await page.goto('/p/vision/classifier');
    await page.getByLabel('Chart').selectOption('param:lr');
    await page.getByRole('button', { name: 'Draw' }).click();
    expect(await page.locator('figure.chart circle').count()).toBe(120);
    await page.screenshot({ path: join(SHOTS, 'chart.png'), fullPage: true });
    await context.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const context = await signedIn(s.tokens.write, { bypassCSP: true });
    const page = await context.newPage();
    const axe = await readFile(AXE, 'utf8');
    const pages = [
      '/',
      '/p/vision',
      '/p/vision/classifier',
      '/p/vision/classifier/v3',
      '/compare/vision/classifier?m=v1&m=v2',
      '/search?q=tag:stage=candidate',
    ];
    for (const path of pages) {
      await page.goto(path);
      await page.evaluate(axe);
      // A string runs in the page (this file is compiled without the DOM's types).
      const violations = (await page.evaluate(`axe.run(document).then((result) =>
        result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ' (' + v.nodes.length + ')'))`)) as string[];
      expect(violations, path).toEqual([]);
    }
    await context.close();
  });

  it('can be used with the keyboard alone: Tab reaches the links, Enter follows them', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/');
    const focusOn = async (text: string) => {
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(
          'document.activeElement && document.activeElement.textContent',
        );
        if (focused === text) return;
      }
      throw new Error(`Tab never reached "${text}"`);
    };
    await focusOn('vision');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${s.url}/p/vision`);
    await focusOn('classifier');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${s.url}/p/vision/classifier`);
    // the search box is reachable and submits with Enter
    await page.getByLabel('Search models').focus();
    await page.keyboard.type('v11');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=v11/);
    await context.close();
  });

  it('loads a model page in under 150 KB, from this origin only', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await page.goto('/p/vision/classifier/v9', { waitUntil: 'load' });
    const bytes = (await page.evaluate(`[
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ].reduce((sum, e) => sum + e.transferSize, 0)`)) as number;
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(150 * 1024);
    expect([...origins]).toEqual([s.url]);
    await context.close();
  });

  it('searches as you type, and works without JavaScript', async () => {
    const context = await signedIn(s.tokens.read);
    const page = await context.newPage();
    await page.goto('/search?q=v11');
    await page.getByLabel('Search models').fill('v12');
    await page.waitForURL(/q=v12/);
    await expect
      .poll(() => page.locator('table.models tbody tr td:first-child a').allTextContents())
      .toEqual(['v120', 'v12']);
    const noJs = await browser.newContext({ baseURL: s.url, javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto('/sign-in');
    await plain.getByLabel('Token').fill(s.tokens.read);
    await plain.getByRole('button', { name: 'Sign in' }).click();
    await plain.goto('/p/vision/classifier');
    await plain.getByRole('link', { name: 'v100', exact: true }).click();
    expect(await plain.locator('h1').textContent()).toBe('v100');
    await noJs.close();
    await context.close();
  });
});
