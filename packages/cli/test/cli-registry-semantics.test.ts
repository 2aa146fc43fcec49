import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { createServer, createToken, type RegistryServer } from '@ebonite/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonite, tempProject } from './helpers/cli.js';

// Versions, tags, aliases and search through the real binary, on a local registry and on a server
// (`ebonite serve`'s createServer over a local registry, reached through the http backends).
let project: { dir: string; cleanup: () => Promise<void> };
let served: { client: Ebonite; server: RegistryServer; url: string; token: string };

beforeAll(async () => {
  project = await tempProject();
  await mkdir(join(project.dir, 'files'));
  await writeFile(join(project.dir, 'files', 'w.bin'), 'weights');
  const client = await Ebonite.local({ path: join(project.dir, 'served') });
  const tokens = join(project.dir, 'tokens.json');
  const { token } = await createToken(tokens, { name: 'ci-bot', scope: 'write' });
  const server = createServer(client, { tokens, logger: false });
  const url = await server.listen({ port: 0 });
  const options = { url };
  await writeFile(
    join(project.dir, 'remote.json'),
    JSON.stringify({
      format: 'ebonite-client',
      version: 1,
      metadata: { type: 'http', options },
      artifact: { type: 'http', options },
    }),
  );
  served = { client, server, url, token };
});
afterAll(async () => {
  await served?.server.close({ timeoutMs: 1000 });
  await served?.client.close();
  await project?.cleanup();
});

type Registry = { name: string; out: string; args: () => string[]; env: () => NodeJS.ProcessEnv };
const registries: Registry[] = [
  {
    name: 'a local registry',
    out: 'out-local',
    args: () => ['--config', 'local-reg'],
    env: () => ({}),
  },
  {
    name: 'a server, through the http backends',
    out: 'out-server',
    args: () => ['--config', 'remote.json'],
    env: () => ({ EBONITE_TOKEN: served.token }),
  },
];

describe.each(registries)('on $name', (registry) => {
  const run = (...args: string[]) =>
    ebonite([...registry.args(), ...args], { cwd: project.dir, env: registry.env() });
  const json = async (...args: string[]) => {
    const result = await run(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };

  it('push without a model name pushes the next version; --tag tags it', async () => {
    const first = await run('push', 'p/t', 'files', '-q', '-p', 'lr=0.01');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^pushed p\/t\/v1 [0-9a-f-]{36} /);
    expect((await json('push', 'p/t', 'files', '-q')).name).toBe('v2');
    const named = await json('push', 'p/t/named', 'files', '-q', '--tag', 'stage=dev');
    expect([named.name, named.version, named.tags]).toEqual(['named', null, { stage: 'dev' }]);
    expect((await json('show', 'p/t/v2')).model.version).toBe(2);
  });

  it('tag merges into a model or a task; an empty value removes', async () => {
    const tagged = await run('tag', 'p/t/v1', 'stage=candidate', 'owner=ana');
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(tagged.stdout).toBe('p/t/v1: owner=ana, stage=candidate\n');
    expect((await json('tag', 'p/t/v1', 'owner=')).tags).toEqual({ stage: 'candidate' });
    expect((await json('tag', 'p/t', 'team=vision')).tags).toEqual({ team: 'vision' });
    const bad = await run('tag', 'p/t/v1', 'no-equals');
    expect(bad.code).toBe(2);
    const missing = await run('tag', 'p/t/nope', 'a=b');
    expect(missing.code).toBe(3);
  });

  it('ls searches by tag and param, sorts, and pages by the cursor it prints', async () => {
    const found = await json('ls', 'p', '--tag', 'stage=candidate');
    expect(found.models.map((m: { name: string }) => m.name)).toEqual(['v1']);
    expect(found.nextCursor).toBeNull();
    const byParam = await json('ls', '--param', 'lr=0.01');
    expect(byParam.models.map((m: { name: string }) => m.name)).toEqual(['v1']);
    expect((await json('ls', '--param', 'lr="0.01"')).models).toEqual([]);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await json(
        'ls',
        'p/t',
        '--sort',
        'name',
        '--limit',
        '2',
        ...(cursor ? ['--cursor', cursor] : []),
      );
      names.push(...page.models.map((m: { name: string }) => m.name));
      cursor = page.nextCursor;
    } while (cursor && names.length < 10);
    expect(names).toEqual(['named', 'v1', 'v2']);
    const table = await run('ls', '--sort', 'name', '--limit', '1');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^MODEL +ID +CREATED +AUTHOR +SIZE +TAGS\np\/t\/named .*stage=dev\n/,
    );
    expect(table.stdout).toMatch(/\nnext cursor: \S+\n$/);
    const other = await run('ls', 'p', '--tag', 'stage=dev', '--cursor', found.nextCursor ?? 'x');
    expect(other.code).toBe(2);
    expect((await run('ls', '--sort', 'size')).code).toBe(2);
  });

  it('alias set, ls, history and rm; @alias and @latest wherever a model path goes', async () => {
    expect((await run('alias', 'set', 'p/t', 'production', 'v1')).code).toBe(0);
    expect((await run('alias', 'set', 'p/t', 'staging', '@production')).code).toBe(0);
    const moved = await run('alias', 'set', 'p/t', 'production', 'v2');
    expect(moved.stdout).toMatch(/^p\/t@production -> v2 \(/);
    const aliases = await json('alias', 'ls', 'p/t');
    expect(
      aliases.map((a: { alias: string; modelName: string }) => [a.alias, a.modelName]),
    ).toEqual([
      ['production', 'v2'],
      ['staging', 'v1'],
    ]);
    const ls = await run('alias', 'ls', 'p/t');
    expect(ls.stdout).toMatch(/^ALIAS +MODEL +MODEL ID +UPDATED +AUTHOR\nproduction +v2 /);
    expect((await json('show', 'p/t@production')).model.name).toBe('v2');
    expect((await json('show', 'p/t@latest')).model.name).toBe('named');
    const pulled = await run('pull', 'p/t@staging', registry.out);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^pulled p\/t@staging \(v1\) to out-/);
    expect(await readFile(join(project.dir, registry.out, 'w.bin'), 'utf8')).toBe('weights');
    const again = await json('pull', 'p/t@latest', `${registry.out}-latest`, '-q');
    expect(again.model.name).toBe('named');

    // The model the alias points at is kept unless --force, which removes the alias (recorded).
    const refused = await run('rm', 'p/t/v2', '--yes');
    expect([refused.code, refused.stderr]).toEqual([4, expect.stringContaining('production')]);
    const removed = await json('rm', 'p/t@production', '--yes', '--force');
    expect(removed.deleted).toMatch(/^model p\/t@production /);
    const history = await json('alias', 'history', 'p/t', 'production');
    expect(history.map((e: { modelId: string | null }) => e.modelId === null)).toEqual([
      true,
      false,
      false,
    ]);
    if (registry.name.startsWith('a server'))
      expect(new Set(history.map((e: { author: string }) => e.author))).toEqual(
        new Set(['ci-bot']),
      );
    const table = await run('alias', 'history', 'p/t', 'production');
    expect(table.stdout).toMatch(/^AT +MODEL +PREVIOUS +AUTHOR\n\S+ \S+ +- +[0-9a-f-]{36} /);

    expect((await run('alias', 'rm', 'p/t', 'staging')).code).toBe(0);
    expect(await json('alias', 'ls', 'p/t')).toEqual([]);
    expect((await run('alias', 'rm', 'p/t', 'staging')).code).toBe(3);
    expect((await run('show', 'p/t@staging')).code).toBe(3);
    expect((await run('alias', 'set', 'p/t', 'latest', 'v1')).code).toBe(2);
    expect((await run('alias', 'set', 'p/t', 'x', 'nope')).code).toBe(3);
  });
});
