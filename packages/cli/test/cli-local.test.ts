import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonite, tempProject } from './helpers/cli.js';
import { bytes } from './helpers/registry.js';

// The default registry (./.ebonite) in a project that installs nothing: the CLI brings the `local` types itself.
let dir: string;
let cleanup: () => Promise<void>;
const run = (args: string[], input?: string) => ebonite(args, { cwd: dir, input });

beforeAll(async () => {
  ({ dir, cleanup } = await tempProject());
  await mkdir(join(dir, 'model', 'tokenizer'), { recursive: true });
  await writeFile(join(dir, 'model', 'weights.bin'), bytes(3 * 1024 * 1024 + 7, 1));
  await writeFile(join(dir, 'model', 'tokenizer', 'vocab.txt'), 'a\nb\n');
  await writeFile(join(dir, 'notes.md'), '# notes');
});
afterAll(() => cleanup());

describe('ebonite on the local registry ./.ebonite', () => {
  it('read commands on a folder without a registry fail with exit 3 and create nothing', async () => {
    const result = await run(['ls']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('No ebonite registry at');
    expect(await readdir(dir)).not.toContain('.ebonite');
  });

  it('push creates the project and the task, names a folder’s files by their path inside it, and keeps params', async () => {
    const result = await run([
      'push',
      'iris/classifier/v1',
      'model',
      'notes.md',
      '--param',
      'lr=0.01',
      '-p',
      'layers=[3,4]',
      '-p',
      'optimizer=adam',
      '-d',
      'first try',
    ]);
    // Not a terminal: plain progress lines, in push order (the folder's files sorted, then the file).
    expect(result.stderr).toBe(
      'pushing tokenizer/vocab.txt (4 B)\npushing weights.bin (3.0 MiB)\npushing notes.md (7 B)\n',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^pushed iris\/classifier\/v1 [0-9a-f-]{36} \(3 artifacts, 3\.0 MiB\)\n$/,
    );
    const client = await Ebonite.local({ path: join(dir, '.ebonite') });
    const model = (await client.getModel('v1', (await client.getTask('iris', 'classifier'))!))!;
    expect(model.params).toEqual({ lr: 0.01, layers: [3, 4], optimizer: 'adam' });
    expect(model.description).toBe('first try');
    expect(model.artifacts.map((a) => a.name).sort()).toEqual([
      'notes.md',
      'tokenizer/vocab.txt',
      'weights.bin',
    ]);
    expect(
      Buffer.from((await model.files.bytesDict())['weights.bin']!).equals(
        bytes(3 * 1024 * 1024 + 7, 1),
      ),
    ).toBe(true);
    await client.close();
  });

  it('ls lists projects, tasks and models as a table or JSON', async () => {
    const projects = await run(['ls']);
    expect(projects.code, projects.stderr).toBe(0);
    expect(projects.stdout.split('\n')[0]).toMatch(/^NAME\s+ID\s+CREATED\s+AUTHOR$/);
    expect(projects.stdout).toMatch(
      /\niris\s+[0-9a-f-]{36}\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+\S+\n/,
    );
    const tasks = await run(['ls', 'iris']);
    expect(tasks.stdout).toMatch(/\nclassifier\s+[0-9a-f-]{36}/);
    const models = await run(['ls', 'iris/classifier']);
    expect(models.stdout.split('\n')[0]).toMatch(
      /^NAME\s+ID\s+CREATED\s+AUTHOR\s+SIZE\s+ARTIFACTS$/,
    );
    expect(models.stdout).toMatch(/\nv1\s+[0-9a-f-]{36}\s+\S+ \S+\s+\S+\s+3\.0 MiB\s+3\n/);
    const json = JSON.parse((await run(['ls', 'iris/classifier', '--json'])).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      name: 'v1',
      size: 3 * 1024 * 1024 + 7 + 4 + 7,
      artifactCount: 3,
      params: { lr: 0.01 },
    });
  });

  it('show prints the whole model with its artifacts’ sizes and digests', async () => {
    const json = JSON.parse((await run(['show', 'iris/classifier/v1', '--json'])).stdout);
    const text = (await run(['show', 'iris/classifier/v1'])).stdout;
    expect(text).toContain(`id            ${json.model.id}`);
    expect(text).toContain('description   first try');
    expect(text).toContain('params        {"lr":0.01,"layers":[3,4],"optimizer":"adam"}');
    for (const a of json.model.artifacts)
      expect(text).toMatch(
        new RegExp(`${a.name.replace('.', '\\.')}\\s+\\S+ \\S+\\s+${a.size}\\s+${a.digest}`),
      );
    expect(json.project.name).toBe('iris');
  });

  it('pull writes the files back, refuses to overwrite without --force, and --quiet prints no progress', async () => {
    const pulled = await run(['pull', 'iris/classifier/v1', 'out']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('digests verified');
    expect(
      (await readFile(join(dir, 'out', 'weights.bin'))).equals(
        await readFile(join(dir, 'model', 'weights.bin')),
      ),
    ).toBe(true);
    expect(await readFile(join(dir, 'out', 'tokenizer', 'vocab.txt'), 'utf8')).toBe('a\nb\n');
    const again = await run(['pull', 'iris/classifier/v1', 'out']);
    expect(again.code, again.stderr).toBe(4);
    expect(again.stderr).toContain('--force');
    const forced = await run(['--quiet', 'pull', 'iris/classifier/v1', 'out', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toBe('');
  });

  it('pull of a tampered artifact fails with exit 5 and leaves no file behind', async () => {
    const { model } = JSON.parse((await run(['show', 'iris/classifier/v1', '--json'])).stdout);
    const file = join(dir, '.ebonite', 'artifacts', 'model', model.id, 'tokenizer', 'vocab.txt');
    await writeFile(file, 'a\nB\n');
    const result = await run(['pull', 'iris/classifier/v1', 'tampered']);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toMatch(/corrupted.*E_ARTIFACT_INTEGRITY/s);
    const left = await readdir(join(dir, 'tampered'), { recursive: true }).catch(() => []);
    expect(left.filter((f) => String(f).includes('vocab'))).toEqual([]);
    await writeFile(file, 'a\nb\n');
  });

  it('gives distinct exit codes: usage 2, not found 3, conflict 4', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['ls', '--nope'])).code).toBe(2);
    expect((await run(['show'])).code).toBe(2);
    const badPath = await run(['show', 'iris/classifier']);
    expect(badPath.code, badPath.stderr).toBe(2);
    expect(badPath.stderr).toContain('project/task/model or project/task@alias');
    expect((await run(['push', 'iris/classifier/v2', 'missing-file'])).code).toBe(3);
    const noModel = await run(['show', 'iris/classifier/nope']);
    expect(noModel.code, noModel.stderr).toBe(3);
    expect(noModel.stderr).toContain('ebonite ls iris/classifier');
    expect((await run(['ls', 'nope'])).code).toBe(3);
    const exists = await run(['push', 'iris/classifier/v1', 'notes.md']);
    expect(exists.code, exists.stderr).toBe(4);
    expect(exists.stderr).toContain('already exists');
    expect((await run(['push', 'iris/classifier/v2', 'notes.md', '-p', 'noequals'])).code).toBe(2);
  });

  it('--help works on every command and lists the exit codes', async () => {
    for (const command of ['ls', 'show', 'push', 'pull', 'rm', 'copy', 'check']) {
      const help = await run([command, '--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain(`Usage: ebonite ${command}`);
      expect(help.stdout).toContain('Exit codes:');
    }
    expect((await run(['--help'])).stdout).toMatch(/Commands:[\s\S]*copy[\s\S]*check/);
  });

  it('rm asks first, refuses parents with children without --cascade, and deletes with y or --yes', async () => {
    expect((await run(['push', 'tmp/t/a', 'notes.md'])).code).toBe(0);
    expect((await run(['push', 'tmp/t/b', 'notes.md'])).code).toBe(0);
    const children = await run(['rm', 'tmp', '--yes']);
    expect(children.code, children.stderr).toBe(4);
    expect(children.stderr).toContain('--cascade');
    const declined = await run(['rm', 'tmp/t/a'], 'n\n');
    expect(declined.code, declined.stderr).toBe(6);
    expect(declined.stderr).toContain('Delete model tmp/t/a');
    const noInput = await run(['rm', 'tmp/t/a']);
    expect(noInput.code, noInput.stderr).toBe(6);
    const agreed = await run(['rm', 'tmp/t/a'], 'y\n');
    expect(agreed.code, agreed.stderr).toBe(0);
    expect(agreed.stdout).toContain('deleted model tmp/t/a');
    expect((await run(['rm', 'tmp', '--cascade', '--yes'])).code).toBe(0);
    expect((await run(['ls', 'tmp'])).code).toBe(3);
    expect(
      JSON.parse((await run(['ls', '--json'])).stdout).map((p: { name: string }) => p.name),
    ).toEqual(['iris']);
  });

  it('takes the registry from --config (a saved client config), else EBONITE_CONFIG', async () => {
    const other = await Ebonite.local({ path: join(dir, 'elsewhere') });
    await other.getOrCreateTask('from-config', 't');
    await other.saveClientConfig(join(dir, 'client.json'));
    await other.close();
    const byOption = await run(['--config', 'client.json', 'ls']);
    expect(byOption.stdout).toContain('from-config');
    expect(byOption.stdout).not.toContain('iris');
    const byEnv = await ebonite(['ls'], {
      cwd: dir,
      env: { EBONITE_CONFIG: join(dir, 'client.json') },
    });
    expect(byEnv.stdout).toContain('from-config');
    const missing = await run(['--config', 'nope.json', 'ls']);
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    expect((await stat(join(dir, 'elsewhere', 'metadata.json'))).isFile()).toBe(true);
    await rm(join(dir, 'elsewhere'), { recursive: true });
  });
});
