import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, ebonite, startEbonite, tempProject, waitFor } from './helpers/cli.js';

let project: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  project = await tempProject();
});
afterAll(() => project?.cleanup());

const tokensFile = () => join(project.dir, 'tokens.json');

async function createToken(name: string, scope: string): Promise<string> {
  const result = await ebonite(
    ['token', 'create', '--tokens', tokensFile(), '--name', name, '--scope', scope],
    { cwd: project.dir },
  );
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  return lines.at(-1)!;
}

/** `ebonite serve` on a free port; resolves once it listens, with its URL. */
async function serve(
  registry: string,
  extra: string[] = [],
): Promise<{ url: string; proc: CliProcess }> {
  const proc = startEbonite(
    ['--config', registry, 'serve', '--port', '0', '--tokens', tokensFile(), ...extra],
    { cwd: project.dir, timeoutMs: 120_000 },
  );
  let url = '';
  await waitFor('the server to listen', () => {
    url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stderr())?.[1] ?? '';
    return url !== '' || proc.child.exitCode !== null;
  });
  if (!url) throw new Error(`serve did not start: ${proc.stderr()}`);
  return { url, proc };
}

/** Starts a push by name of one file: 256 KiB are sent, then it stalls until `finish()` or `kill()`. */
function slowPush(url: string, token: string, path: string, name: string) {
  const boundary = 'b0undary';
  const { hostname, port } = new URL(url);
  const req = request({
    hostname,
    port,
    method: 'POST',
    path: `/api/v1/projects/${path}/models`,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
  const answer = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        if (res.statusCode !== 201 && process.env.DEBUG_CLI)
          console.log(name, res.statusCode, body);
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', () => resolve(-1));
  });
  req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\n${JSON.stringify({ name, artifacts: [{ name: 'w.bin' }] })}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="w.bin"\r\n\r\n`,
  );
  req.write(randomBytes(256 * 1024));
  return {
    answer,
    finish: () => req.end(`\r\n--${boundary}--\r\n`),
    kill: () => req.destroy(),
  };
}

describe('ebonite token', () => {
  it('create prints the token alone on the last line; the file (0600) keeps only its hash; ls and revoke', async () => {
    const token = await createToken('ci', 'write');
    expect(token).toMatch(/^ebt_[A-Za-z0-9_-]{43}$/);
    const text = await readFile(tokensFile(), 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain('"hash": "sha256:');
    expect((await stat(tokensFile())).mode & 0o777).toBe(0o600);
    await createToken('gone', 'read');
    const ls = await ebonite(['token', 'ls', '--tokens', tokensFile()], { cwd: project.dir });
    expect(ls.stdout).toMatch(/ci\s+write/);
    expect(ls.stdout).not.toContain(token);
    const revoke = await ebonite(['token', 'revoke', 'gone', '--tokens', tokensFile()], {
      cwd: project.dir,
    });
    expect(revoke.code).toBe(0);
    const again = await ebonite(['token', 'ls', '--tokens', tokensFile()], { cwd: project.dir });
    expect(again.stdout).not.toContain('gone');
    const bad = await ebonite(
      ['token', 'create', '--tokens', tokensFile(), '--name', 'x', '--scope', 'root'],
      {
        cwd: project.dir,
      },
    );
    expect(bad.code).toBe(2);
  });
});

describe('ebonite serve and the CLI through it', () => {
  it('push, ls, pull and copy through a server (ids and digests kept), with the token from EBONITE_TOKEN', async () => {
    const token = await createToken('cli', 'write');
    const { url, proc } = await serve(join(project.dir, 'served'));
    try {
      const remote = join(project.dir, 'remote.json');
      const options = { url };
      await writeFile(
        remote,
        JSON.stringify({
          format: 'ebonite-client',
          version: 1,
          metadata: { type: 'http', options },
          artifact: { type: 'http', options },
        }),
      );
      const env = { EBONITE_TOKEN: token };
      const files = join(project.dir, 'files');
      await mkdir(join(files, 'sub'), { recursive: true });
      const weights = randomBytes(300_000);
      await writeFile(join(files, 'sub', 'weights.bin'), weights);
      const push = await ebonite(['--config', remote, 'push', 'p/t/m', files], {
        cwd: project.dir,
        env,
      });
      expect(push.code, push.stderr).toBe(0);
      const ls = await ebonite(['--config', remote, 'ls', 'p/t'], { cwd: project.dir, env });
      expect(ls.stdout).toContain('m');
      const pulled = join(project.dir, 'pulled');
      const pull = await ebonite(['--config', remote, 'pull', 'p/t/m', pulled], {
        cwd: project.dir,
        env,
      });
      expect(pull.code, pull.stderr).toBe(0);
      expect((await readFile(join(pulled, 'sub', 'weights.bin'))).equals(weights)).toBe(true);
      const noToken = await ebonite(['--config', remote, 'ls'], { cwd: project.dir });
      expect(noToken.stderr).toContain('E_UNAUTHORIZED');

      // a local registry copied up to the server and back
      const local = join(project.dir, 'local');
      expect(
        (await ebonite(['--config', local, 'push', 'lp/lt/lm', files], { cwd: project.dir })).code,
      ).toBe(0);
      const up = await ebonite(['copy', '--from', local, '--to', remote], {
        cwd: project.dir,
        env,
      });
      expect(up.code, up.stderr).toBe(0);
      const back = join(project.dir, 'back');
      const down = await ebonite(['copy', '--from', remote, '--to', back, 'lp'], {
        cwd: project.dir,
        env,
      });
      expect(down.code, down.stderr).toBe(0);
      const show = async (config: string, extra = {}) =>
        JSON.parse(
          (
            await ebonite(['--config', config, 'show', 'lp/lt/lm', '--json'], {
              cwd: project.dir,
              env: { ...env, ...extra },
            })
          ).stdout,
        ) as { id: string; artifacts: unknown[] };
      const [a, b, c] = [await show(local), await show(remote), await show(back)];
      expect(b.id).toBe(a.id);
      expect(c.id).toBe(a.id);
      expect(b.artifacts).toEqual(a.artifacts);
      expect(c.artifacts).toEqual(a.artifacts);
    } finally {
      proc.child.kill('SIGTERM');
      expect((await proc.done).code).toBe(0);
    }
  }, 120_000);

  it('SIGTERM: no new connections, requests in flight finish within the deadline, a push cut there leaves no model', async () => {
    const token = await createToken('shutdown', 'write');
    const registry = join(project.dir, 'graceful');
    const { url, proc } = await serve(registry, ['--shutdown-timeout', '1.5']);
    const finishing = slowPush(url, token, 'g/tasks/t', 'finished');
    const cut = slowPush(url, token, 'g/tasks/t', 'cut');
    await sleep(300);
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    await sleep(200);
    const refused = await fetch(`${url}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(refused).not.toBe(200);
    finishing.finish();
    expect(await finishing.answer).toBe(201);
    expect(await cut.answer).not.toBe(201);
    const done = await proc.done;
    expect(done.code, done.stderr).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(6000);
    const ls = await ebonite(['--config', registry, 'ls', 'g/t'], { cwd: project.dir });
    expect(ls.stdout).toContain('finished');
    expect(ls.stdout).not.toContain('cut');
    cut.kill();
  }, 60_000);

  it('kill -9 in the middle of a push leaves no visible model; a check finds at most an orphan', async () => {
    const token = await createToken('crash', 'write');
    const registry = join(project.dir, 'crashed');
    const { url, proc } = await serve(registry);
    const push = slowPush(url, token, 'k/tasks/t', 'half');
    await sleep(300);
    proc.child.kill('SIGKILL');
    await proc.done;
    push.kill();
    const ls = await ebonite(['--config', registry, 'ls', 'k/t'], { cwd: project.dir });
    expect(ls.stdout).not.toContain('half');
    const check = await ebonite(['--config', registry, 'check', '--grace', '0', '--json'], {
      cwd: project.dir,
    });
    if (!check.stdout) throw new Error(check.stderr);
    const report = JSON.parse(check.stdout) as { problems: unknown[]; orphans: unknown[] };
    expect(report.problems).toEqual([]);
    expect(report.orphans.length).toBeLessThanOrEqual(1);
  }, 60_000);
});
