import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestServer, type TestServer } from '../helpers/test-server.js';
import { seedRegistry, XSS } from './seed-registry.js';

// The pages over plain HTTP: what the server answers, whatever a browser does with it.

let s: TestServer;
let cookies: { read: string; write: string };

async function signIn(token: string): Promise<string> {
  const response = await fetch(`${s.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/p/vision' }),
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/p/vision');
  const set = response.headers.get('set-cookie') ?? '';
  return set.split(';')[0] as string;
}

const page = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, { redirect: 'manual', headers });

beforeAll(async () => {
  s = await startTestServer();
  await seedRegistry(s.client, 3);
  cookies = { read: await signIn(s.tokens.read), write: await signIn(s.tokens.write) };
});
afterAll(() => s.close());

describe('sign-in', () => {
  it('sends a browser without a session to the sign-in form, remembering where it was going', async () => {
    const response = await page('/p/vision/classifier?sort=name');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/sign-in?next=${encodeURIComponent('/p/vision/classifier?sort=name')}`,
    );
    const form = await (await page('/sign-in?next=/p/vision')).text();
    expect(form).toContain('<form method="post" action="/sign-in">');
    expect(form).toContain('type="password"');
  });

  it('keeps the token in an HttpOnly, SameSite=Strict session cookie, never in the URL', async () => {
    const response = await fetch(`${s.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: s.tokens.read, next: '/' }),
    });
    const set = response.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^ebonite_session=/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).not.toMatch(/Max-Age|Expires/i); // a session cookie: gone with the browser session
    expect(response.headers.get('location')).not.toContain(s.tokens.read);
  });

  it('refuses a wrong token with the form again, and never redirects off the site', async () => {
    const wrong = await fetch(`${s.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'ebo_not-a-token', next: '/' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('not valid here');
    const offsite = await fetch(`${s.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: s.tokens.read, next: '//evil.example/' }),
    });
    expect(offsite.headers.get('location')).toBe('/');
  });

  it('signs out by clearing the cookie', async () => {
    const response = await fetch(`${s.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookies.read },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(
      /ebonite_session=;.*Expires=Thu, 01 Jan 1970/i,
    );
  });

  it('accepts a bearer header on pages too', async () => {
    expect((await page('/', bearer(s.tokens.read))).status).toBe(200);
  });
});

describe('pages', () => {
  it('serve every page with a policy that forbids scripts the page did not ship', async () => {
    for (const path of [
      '/',
      '/p/vision',
      '/p/vision/classifier',
      '/p/vision/classifier/v1',
      '/search?q=v',
    ]) {
      const response = await page(path, { cookie: cookies.read });
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      const body = await response.text();
      expect(body).not.toMatch(
        /<script>(?!<\/script>)|<script(?![^>]*src="\/assets\/app\.js")[^>]*>/,
      );
    }
  });

  it('escapes everything a model holds: no stored text becomes markup or a link', async () => {
    const path = `/p/vision/classifier/${encodeURIComponent(XSS.name)}`;
    const body = await (await page(path, { cookie: cookies.read })).text();
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<svg onload');
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<b>key</b>');
    expect(body).not.toMatch(/href="javascript:/i);
    expect(body).toContain('javascript:alert(4)'); // shown, as text
    // the task page and a search list it too, escaped
    const list = await (await page('/p/vision/classifier', { cookie: cookies.read })).text();
    expect(list).not.toContain('<img');
    const search = await (
      await page(`/search?q=${encodeURIComponent('<img')}`, { cookie: cookies.read })
    ).text();
    expect(search).toContain('&lt;img src=x');
    expect(search).not.toContain('<img');
  });

  it('links every name so that any character survives the round trip', async () => {
    const task = await s.client.getOrCreateTask('vision', 'odd % ? # & names ü 😀');
    await s.client.pushModel(
      (await import('@ebonite/core')).Model.create({
        name: `${'a/b'.replace('/', '∕')} ?#%`,
        artifacts: {},
      }),
      task,
    );
    const list = await (await page('/p/vision', { cookie: cookies.read })).text();
    const href = /href="(\/p\/vision\/odd[^"]*)"/.exec(list)?.[1] as string;
    const taskPage = await page(href.replace(/&amp;/g, '&'), { cookie: cookies.read });
    expect(taskPage.status).toBe(200);
    const modelHref = /href="(\/p\/vision\/odd[^"/]*\/[^"]+)"/.exec(
      await taskPage.text(),
    )?.[1] as string;
    expect((await page(modelHref.replace(/&amp;/g, '&'), { cookie: cookies.read })).status).toBe(
      200,
    );
  });

  it("shows a wrapped model's methods with dtypes and shapes, symbolic dimensions by name", async () => {
    const task = (await s.client.getTask('vision', 'classifier'))!;
    const { newId, nowIso } = await import('@ebonite/core/plugin');
    await s.client.meta.createModel({
      id: newId(),
      name: 'wrapped',
      version: null,
      tags: {},
      author: 'ada',
      creationDate: nowIso(),
      taskId: task.id,
      description: '',
      params: {},
      requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
      artifacts: [],
      wrapper: {
        type: 'onnx',
        version: '0.1.0',
        specificationVersion: 'v1',
        data: {},
        methods: {
          predict: {
            inputs: [
              { name: 'features', kind: 'tensor', dtype: 'float32', shape: ['batch', 3, null] },
            ],
            outputs: [
              { name: 'price', kind: 'tensor', dtype: 'float32', shape: null },
              { name: 'labels', kind: 'other', type: 'seq(map(int64,tensor(float)))' },
            ],
          },
        },
      },
    });
    const body = await (
      await page('/p/vision/classifier/wrapped', { cookie: cookies.read })
    ).text();
    expect(body).toContain('Methods (onnx wrapper)');
    expect(body).toMatch(
      /<td>input<\/td><td>features<\/td><td>float32<\/td><td>\[batch, 3, \?\]<\/td>/,
    );
    expect(body).toMatch(/<td>output<\/td><td>price<\/td><td>float32<\/td><td>any rank<\/td>/);
    expect(body).toContain('seq(map(int64,tensor(float)))');
    expect(body).toContain('<code>onnxruntime-node@1.30.0</code>');
  });

  it('answers a missing model with a 404 page, and a compare of one model with a 400', async () => {
    const missing = await page('/p/vision/classifier/nope', { cookie: cookies.read });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('E_NON_EXISTING_MODEL');
    const one = await page('/compare/vision/classifier?m=v1', { cookie: cookies.read });
    expect(one.status).toBe(400);
  });
});

describe('write controls', () => {
  it('are absent with a read token, present with a write token', async () => {
    const read = await (await page('/p/vision/classifier/v1', { cookie: cookies.read })).text();
    expect(read).not.toContain('/actions/');
    const task = await (await page('/p/vision/classifier', { cookie: cookies.read })).text();
    expect(task).not.toContain('Move an alias');
    const write = await (await page('/p/vision/classifier/v1', { cookie: cookies.write })).text();
    expect(write).toContain('action="/actions/tags/vision/classifier/v1"');
  });

  const post = (
    path: string,
    cookie: string,
    origin: string | undefined,
    body: Record<string, string>,
  ) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        ...(origin && { origin }),
      },
      body: new URLSearchParams(body),
    });

  it('refuses a read token, and a session cookie sent from another origin or none', async () => {
    const body = { alias: 'production', model: 'v1' };
    expect((await post('/actions/alias/vision/classifier', cookies.read, s.url, body)).status).toBe(
      403,
    );
    expect(
      (await post('/actions/alias/vision/classifier', cookies.write, 'http://evil.example', body))
        .status,
    ).toBe(401);
    expect(
      (await post('/actions/alias/vision/classifier', cookies.write, undefined, body)).status,
    ).toBe(401);
    const task = await s.client.getTask('vision', 'classifier');
    expect(await s.client.getAliases(task!)).toEqual([]);
  });

  it('never lets the cookie authenticate an API write', async () => {
    const response = await fetch(`${s.url}/api/v1/projects/cookie-made`, {
      method: 'PUT',
      headers: { cookie: cookies.write, origin: s.url },
    });
    expect(response.status).toBe(401);
    expect(await s.client.getProject('cookie-made')).toBeNull();
  });

  it('moves an alias and edits tags from the page, with the token name as the author', async () => {
    const moved = await post('/actions/alias/vision/classifier', cookies.write, s.url, {
      alias: 'production',
      model: 'v2',
    });
    expect(moved.status).toBe(303);
    const task = (await s.client.getTask('vision', 'classifier'))!;
    expect((await s.client.getModelByAlias(task, 'production'))?.name).toBe('v2');
    const [move] = await s.client.getAliasHistory(task, 'production');
    expect(move?.author).toBe('writer');
    const tagged = await post('/actions/tags/vision/classifier/v2', cookies.write, s.url, {
      key: 'stage',
      value: 'approved',
    });
    expect(tagged.status).toBe(303);
    expect((await s.client.getModel('v2', task))?.tags.stage).toBe('approved');
    const latest = await post('/actions/alias/vision/classifier', cookies.write, s.url, {
      alias: 'latest',
      model: 'v1',
    });
    expect(latest.status).toBe(400);
  });
});
