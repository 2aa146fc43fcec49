import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ebonite, EboniteError, registerPlugin } from '../src/index.js';
import { CONTRACT_METHODS } from '../src/plugin.js';

const run = promisify(execFile);
const coreDir = resolve(import.meta.dirname, '..');

// A third-party plugin package as a user would install it: its own folder in the project's node_modules,
// declaring its types in package.json and exporting `ebonitePlugin`. Its repositories are minimal but real.
const pluginSource = `
// Every method of its kind (resolution checks the shape), the reads answering "nothing stored".
const none = async () => null;
const metaMethods = Object.fromEntries(['getProjects', 'getTasks', 'getModels'].map((m) => [m, async () => []]).concat(
  ['getProjectById', 'getProjectByName', 'createProject', 'updateProject', 'deleteProject', 'getTaskById', 'getTaskByName',
   'createTask', 'updateTask', 'deleteTask', 'getModelById', 'getModelByName', 'createModel', 'updateModel', 'deleteModel'].map((m) => [m, none])));
const artMethods = { push: async () => [], list: async () => [], open: none, delete: none, async *listModelIds() {} };
const repo = (type, methods) => ({ ...methods, specificationVersion: 'v1', type, closed: 0, async close() { this.closed++; } });
export const ebonitePlugin = {
  metadata: { 'acme-meta': (options) => ({ ...repo('acme-meta', metaMethods), options }) },
  artifact: { 'acme-art': (options) => ({ ...repo('acme-art', artMethods), options }) },
};
`;

let project: string;

/** A repository of every method its kind has, each answering "nothing stored": enough to resolve. */
function stubRepository(kind: 'metadata' | 'artifact', type: string): never {
  const none = async () => null;
  const methods = CONTRACT_METHODS[kind].filter((m) => m !== 'close');
  return {
    ...Object.fromEntries(methods.map((m) => [m, none])),
    specificationVersion: 'v1',
    type,
    close: async () => {},
  } as never;
}

/** Runs a script inside the temporary project, as the user's code would run there. */
async function runInProject(
  script: string,
  cwd = project,
): Promise<{ stdout: string; code: number }> {
  await writeFile(join(project, 'script.mjs'), script);
  try {
    // No NODE_PATH: pnpm sets it for scripts it runs (to its hoisted store), which a user's process does not have.
    const { NODE_PATH: _ignored, ...env } = process.env;
    const { stdout } = await run(process.execPath, [join(project, 'script.mjs')], { cwd, env });
    return { stdout, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; code: number };
    return { stdout: e.stdout, code: e.code };
  }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'ebonite-resolve-'));
  await mkdir(join(project, 'node_modules', '@ebonite'), { recursive: true });
  await symlink(coreDir, join(project, 'node_modules', '@ebonite', 'core'), 'dir');
  const plugin = join(project, 'node_modules', 'acme-ebonite');
  await mkdir(plugin);
  await writeFile(
    join(plugin, 'package.json'),
    JSON.stringify({
      name: 'acme-ebonite',
      type: 'module',
      exports: { '.': './index.js' },
      ebonite: { metadata: ['acme-meta'], artifact: ['acme-art'] },
    }),
  );
  await writeFile(join(plugin, 'index.js'), pluginSource);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'user-project',
      type: 'module',
      dependencies: { '@ebonite/core': '*', 'acme-ebonite': '*' },
    }),
  );
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('type-string resolution from the user project', () => {
  it('finds a third-party package by the "ebonite" field of its package.json, invisible from the core folder', async () => {
    const { stdout, code } = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      const client = await Ebonite.customClient('acme-meta', 'acme-art', { a: 1 }, { b: 2 });
      console.log(JSON.stringify([client.meta.type, client.artifacts.type, client.meta.inner.options, client.artifacts.inner.options]));
      await client.close(); await client.close();
      console.log(client.meta.inner.closed, client.artifacts.inner.closed);
    `);
    expect(code).toBe(0);
    const [first, second] = stdout.trim().split('\n');
    expect(JSON.parse(first!)).toEqual(['acme-meta', 'acme-art', { a: 1 }, { b: 2 }]);
    expect(second).toBe('1 1');
  });

  it('an unknown type fails with the list of known types, third-party ones included', async () => {
    const { stdout } = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      try { await Ebonite.customClient('nosuch', 'acme-art'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, known: e.knownTypes })); }
    `);
    const result = JSON.parse(stdout);
    expect(result.code).toBe('E_UNKNOWN_REPOSITORY_TYPE');
    expect(result.known).toEqual(
      expect.arrayContaining(['acme-meta', 'local', 'inmemory', 'sqlalchemy', 'sql']),
    );
    expect(result.message).toContain('"nosuch"');
  });

  it('a built-in type whose package is not installed fails with the command that installs it', async () => {
    const { stdout } = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      try { const c = await Ebonite.customClient('acme-meta', 's3', {}, { bucket: 'b' }); console.log(JSON.stringify({ resolved: c.artifacts.type })); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
    `);
    const result = JSON.parse(stdout);
    expect(result.code).toBe('E_PLUGIN_NOT_INSTALLED');
    expect(result.message).toContain('npm install @ebonite/artifact-s3');
  });
});

describe('registerPlugin', () => {
  it('takes precedence over the built-in map, and can be undone', async () => {
    const made: string[] = [];
    const repo = (type: string) => stubRepository(type === 'mine' ? 'metadata' : 'artifact', type);
    const unregister = registerPlugin({
      metadata: {
        mine: () => {
          made.push('meta');
          return repo('mine');
        },
      },
      artifact: {
        local: () => {
          made.push('art');
          return repo('local-override');
        },
      },
    });
    const client = await Ebonite.customClient('mine', 'local');
    expect(made).toEqual(['meta', 'art']);
    expect(client.artifacts.type).toBe('local-override');
    await client.close();
    unregister();
    await expect(Ebonite.customClient('mine', 'local')).rejects.toSatisfy((e) =>
      EboniteError.isInstance(e, 'E_UNKNOWN_REPOSITORY_TYPE'),
    );
  });

  it('an empty or non-string type is invalid input', async () => {
    await expect(Ebonite.customClient('', 'local')).rejects.toSatisfy((e) =>
      EboniteError.isInstance(e, 'E_INVALID_INPUT'),
    );
  });
});

/** Installs a plugin package into the temporary project's node_modules (declared or not). */
async function installPlugin(name: string, types: Record<string, string[]>, source: string) {
  const dir = join(project, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name, type: 'module', exports: { '.': './index.js' }, ebonite: types }),
  );
  await writeFile(join(dir, 'index.js'), source);
}

const printError = `catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, cause: e.cause?.message })); }`;

describe('resolution that does not depend on where the program starts (issue 10, section 3)', () => {
  it('customClient({ projectDir }) finds a third-party type from any working directory', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'ebonite-elsewhere-'));
    try {
      const script = (withDir: boolean) => `
        import { Ebonite } from '@ebonite/core';
        try {
          const c = await Ebonite.customClient('acme-meta', 'acme-art', {}, {}${withDir ? `, { projectDir: ${JSON.stringify(project)} }` : ''});
          console.log(JSON.stringify({ type: c.meta.type })); await c.close();
        } ${printError}`;
      const without = JSON.parse((await runInProject(script(false), elsewhere)).stdout);
      expect(without.code).toBe('E_UNKNOWN_REPOSITORY_TYPE');
      expect(without.message).toContain('projectDir');
      const withDir = JSON.parse((await runInProject(script(true), elsewhere)).stdout);
      expect(withDir).toEqual({ type: 'acme-meta' });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("fromConfigFile looks from the config file's folder, started from another directory", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'ebonite-elsewhere-'));
    try {
      const config = join(project, 'registry.json');
      await writeFile(
        config,
        JSON.stringify({
          format: 'ebonite-client',
          version: 1,
          metadata: { type: 'acme-meta', options: {} },
          artifact: { type: 'acme-art', options: {} },
        }),
      );
      const { stdout } = await runInProject(
        `import { Ebonite } from '@ebonite/core';
         try { const c = await Ebonite.fromConfigFile(${JSON.stringify(config)}); console.log(JSON.stringify({ type: c.artifacts.type })); await c.close(); } ${printError}`,
        elsewhere,
      );
      expect(JSON.parse(stdout)).toEqual({ type: 'acme-art' });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('finds an installed plugin the project does not declare (npm install --no-save)', async () => {
    await installPlugin(
      'undeclared-plugin',
      { artifact: ['undeclared'] },
      pluginSource.replace("'acme-art'", "'undeclared'").replace("'acme-art'", "'undeclared'"),
    );
    const { stdout } = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      try { const c = await Ebonite.customClient('acme-meta', 'undeclared'); console.log(JSON.stringify({ type: c.artifacts.type })); await c.close(); } ${printError}`);
    expect(JSON.parse(stdout)).toEqual({ type: 'undeclared' });
  });

  it('two packages declaring one type is E_PLUGIN_CONFLICT naming both, unless one is registered', async () => {
    const source = pluginSource.replace(/'acme-art'/g, "'twin'");
    await installPlugin('twin-one', { artifact: ['twin'] }, source);
    await installPlugin('twin-two', { artifact: ['twin'] }, source);
    const { stdout } = await runInProject(`
      import { Ebonite } from '@ebonite/core';
      try { await Ebonite.customClient('acme-meta', 'twin'); console.log('{}'); } ${printError}`);
    const error = JSON.parse(stdout);
    expect(error.code).toBe('E_PLUGIN_CONFLICT');
    expect(error.message).toContain('twin-one');
    expect(error.message).toContain('twin-two');
    const registered = await runInProject(`
      import { Ebonite, registerPlugin } from '@ebonite/core';
      const { ebonitePlugin } = await import('twin-two');
      registerPlugin(ebonitePlugin);
      try { const c = await Ebonite.customClient('acme-meta', 'twin'); console.log(JSON.stringify({ type: c.artifacts.type })); } ${printError}`);
    expect(JSON.parse(registered.stdout)).toEqual({ type: 'twin' });
  });

  it('a factory that throws, or returns something else than a repository, is E_INVALID_PLUGIN naming type and package', async () => {
    await installPlugin(
      'broken-plugin',
      { metadata: ['throws', 'not-a-repo'] },
      `export const ebonitePlugin = { metadata: {
        throws: () => { null.x; },
        'not-a-repo': () => ({ specificationVersion: 'v1', type: 'not-a-repo', close() {} }),
      } };`,
    );
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    pkg.dependencies['broken-plugin'] = '*';
    await writeFile(join(project, 'package.json'), JSON.stringify(pkg));
    for (const type of ['throws', 'not-a-repo']) {
      const { stdout } = await runInProject(`
        import { Ebonite } from '@ebonite/core';
        try { await Ebonite.customClient('${type}', 'acme-art'); console.log('{}'); } ${printError}`);
      const error = JSON.parse(stdout);
      expect(error.code, type).toBe('E_INVALID_PLUGIN');
      expect(error.message).toContain(`"${type}"`);
      expect(error.message).toContain('broken-plugin');
      if (type === 'throws') expect(error.cause).toMatch(/null/);
    }
  });
});

describe('registerPlugin across copies of @ebonite/core', () => {
  it('a plugin registered through one copy is seen by a client of another copy', async () => {
    const copy = (await import(
      `${new URL('../dist/index.js', import.meta.url).href}?copy=registry`
    )) as typeof import('../src/index.js');
    const unregister = copy.registerPlugin({
      metadata: { 'from-copy': () => stubRepository('metadata', 'from-copy') },
    });
    try {
      const client = await Ebonite.customClient('from-copy', stubRepository('artifact', 'a'));
      expect(client.meta.type).toBe('from-copy');
      await client.close();
    } finally {
      unregister();
    }
  });
});
