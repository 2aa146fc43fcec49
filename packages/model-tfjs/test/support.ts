import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ebonite } from '@ebonite/core';
import { localArtifacts } from '@ebonite/artifact-fs';
import { s3Artifacts } from '@ebonite/artifact-s3';
import { localMetadata } from '@ebonite/meta-local';
import { sqlMetadata } from '@ebonite/meta-sql';
import { buildApp } from 'fauxqs';

const run = promisify(execFile);
const packages = resolve(import.meta.dirname, '../..');
const self = resolve(import.meta.dirname, '..');

/** Temporary folders made by a test file; remove them in afterAll. */
export const temporary: string[] = [];
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}
export const cleanTemporary = () => Promise.all(temporary.splice(0).map((d) => rm(d, { recursive: true, force: true })));

const TFJS = ['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu'];

/**
 * A user's project as npm would lay it out: @ebonite packages (built) and TF.js in its node_modules.
 * Without the runtime, @ebonite/model-tfjs is a copy, not a link, so nothing resolves TF.js from it.
 */
export async function userProject({ runtime = true }: { runtime?: boolean } = {}): Promise<string> {
  const dir = await tempDir('ebonite-tfjs-project-');
  const scope = join(dir, 'node_modules', '@ebonite');
  await mkdir(join(dir, 'node_modules', '@tensorflow'), { recursive: true });
  await mkdir(scope, { recursive: true });
  for (const name of ['core', 'meta-local', 'artifact-fs', 'meta-sql', 'artifact-s3']) await symlink(join(packages, name), join(scope, name), 'dir');
  if (runtime) {
    await symlink(self, join(scope, 'model-tfjs'), 'dir');
    for (const name of TFJS) await symlink(await realpath(join(self, 'node_modules', '@tensorflow', name)), join(dir, 'node_modules', '@tensorflow', name), 'dir');
  } else {
    await cp(join(self, 'dist'), join(scope, 'model-tfjs', 'dist'), { recursive: true });
    await cp(join(self, 'package.json'), join(scope, 'model-tfjs', 'package.json'));
  }
  const dependencies = Object.fromEntries(['core', 'meta-local', 'artifact-fs', 'meta-sql', 'artifact-s3', 'model-tfjs'].map((n) => [`@ebonite/${n}`, '*']));
  const tfjs = runtime ? Object.fromEntries(TFJS.map((n) => [`@tensorflow/${n}`, '4.22.0'])) : {};
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', type: 'module', dependencies: { ...dependencies, ...tfjs } }));
  return dir;
}

/** Runs an ES module script in a new Node process inside `project`; resolves to the JSON it prints last. */
export async function runScript<T = any>(project: string, script: string): Promise<T> {
  const file = join(project, `script-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, script);
  // Without the workspace's NODE_PATH (set by pnpm's bin shims), which would make every hoisted package resolvable.
  const { NODE_PATH: _, ...env } = process.env;
  try {
    const { stdout } = await run(process.execPath, [file], { cwd: project, timeout: 30_000, env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`script failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** The fauxqs S3 emulator on loopback, in this process. */
export async function startS3(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return { endpoint, stop: () => app.close() };
}

/** A registry on plain files. */
export async function localRegistry(dir: string): Promise<Ebonite> {
  return new Ebonite(localMetadata({ path: join(dir, 'metadata.json') }), localArtifacts({ root: join(dir, 'artifacts') }));
}

/** Metadata in SQLite (type `sqlalchemy`), artifacts in the S3 emulator. */
export async function sqlS3Registry(dir: string, endpoint: string): Promise<Ebonite> {
  const s3 = { bucket: 'models', endpoint, region: 'us-east-1', forcePathStyle: true, createBucket: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return new Ebonite(sqlMetadata({ url: `sqlite://${join(dir, 'registry.db')}` }), s3Artifacts(s3));
}
