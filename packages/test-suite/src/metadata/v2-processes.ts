import { type ChildProcess, spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import { AUTHOR } from '../fixtures.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import type { MetadataScope } from './scope.js';

/**
 * The child: makes a repository through the factory module, says `ready`, waits for `go` on stdin,
 * then creates its unnamed models one after the other and prints what it got as one JSON line.
 */
const CHILD = `
const input = JSON.parse(process.argv[1]);
const factory = (await import(input.module))[input.exportName];
const repo = await factory(input.args);
const result = { created: [], errors: [] };
try {
  await repo.getTaskById(input.taskId);
  process.stdout.write('ready\\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (const id of input.ids) {
    try {
      const model = await repo.createModel({
        id, name: null, version: null, tags: {}, author: input.author,
        creationDate: new Date().toISOString(), taskId: input.taskId, description: '',
        params: {}, requirements: [], artifacts: [], wrapper: null,
      });
      result.created.push({ id: model.id, name: model.name, version: model.version });
    } catch (error) {
      result.errors.push(String(error && error.code) + ': ' + String(error && error.message));
    }
  }
} finally {
  await repo.close();
}
process.stdout.write(JSON.stringify(result) + '\\n');
process.stdin.destroy();
`;

interface ChildResult {
  created: { id: string; name: string; version: number | null }[];
  errors: string[];
}

function startChild(input: object): {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<ChildResult>;
} {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CHILD, JSON.stringify(input)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').filter(Boolean).at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(
          new Error(`a child process exited with ${code} and no result: ${err.slice(0, 2000)}`),
        );
      }
    });
  });
  // a child that dies before it is ready must not leave the parent waiting
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

/**
 * Starts `processes` children on the store, lets them all go at once, each creating `perProcess`
 * unnamed models in `taskId`, and checks that every create succeeded with versions 1..N.
 */
export async function versionsFromProcesses(
  o: MetadataRepositoryTestOptions,
  s: MetadataScope,
  taskId: string,
  processes: number,
  perProcess: number,
): Promise<void> {
  const factory = o.processes!;
  const module = isAbsolute(factory.module) ? pathToFileURL(factory.module).href : factory.module;
  const children = Array.from({ length: processes }, (_, index) =>
    startChild({
      module,
      exportName: factory.exportName ?? 'create',
      args: factory.args ?? null,
      taskId,
      author: `${AUTHOR}-${index}`,
      ids: Array.from({ length: perProcess }, () => newId()),
    }),
  );
  try {
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin?.write('go\n');
    const results = await Promise.all(children.map((c) => c.done));
    const total = processes * perProcess;
    expect(
      results.flatMap((r) => r.errors),
      'every create of every process succeeds',
    ).toEqual([]);
    const created = results.flatMap((r) => r.created);
    expect(
      created.map((m) => m.version).sort((a, b) => (a ?? 0) - (b ?? 0)),
      'the versions allocated across the processes',
    ).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const m of created)
      expect(m.name, 'the name of an allocated version').toBe(`v${m.version}`);
    const stored = await s.v2.getModels(taskId);
    expect(
      stored.map((m) => `${m.id} v${m.version} ${m.name}`).sort(),
      'what the task holds afterwards',
    ).toEqual(created.map((m) => `${m.id} v${m.version} ${m.name}`).sort());
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill();
  }
}
