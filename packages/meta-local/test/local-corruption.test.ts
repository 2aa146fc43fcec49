import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CorruptedStoreError, EboniteError } from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import { localMetadata } from '../src/local-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { model, project, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';

async function expectCorrupted(
  promise: Promise<unknown>,
  file: string,
): Promise<CorruptedStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(
    EboniteError.isInstance(error, 'E_CORRUPTED_STORE'),
    `expected E_CORRUPTED_STORE, got ${String(error)}`,
  ).toBe(true);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(/left untouched/);
  return error as CorruptedStoreError;
}

/** Reads, writes and closes a repository on a damaged file, and checks every step fails without touching it. */
async function expectUntouched(
  folder: string,
  content: string | Buffer,
  file = path.join(folder, 'metadata.json'),
): Promise<CorruptedStoreError> {
  const before = readFileSync(file);
  const repo = localMetadata({ path: folder });
  const error = await expectCorrupted(repo.getProjects(), file);
  await expectCorrupted(repo.createProject(project()), file);
  await expectCorrupted(localMetadata({ path: folder }).getProjectByName('x'), file);
  await repo.close();
  expect(readFileSync(file)).toEqual(before);
  expect(before.toString()).toBe(content.toString());
  return error;
}

describe('local: damaged or foreign files', () => {
  it('a metadata.json that is not JSON gives CorruptedStoreError with the parse error as cause, and is never overwritten', async () => {
    const folder = tempFolder();
    const text = '{"format":"ebonite-metadata","version":1,"generation":3,"projects":[{"id":';
    writeFileSync(path.join(folder, 'metadata.json'), text);
    const error = await expectUntouched(folder, text);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('an empty metadata.json is reported, not taken for an empty store', async () => {
    const folder = tempFolder();
    writeFileSync(path.join(folder, 'metadata.json'), '');
    await expectUntouched(folder, '');
  });

  it('a foreign JSON file gives CorruptedStoreError and is never overwritten', async () => {
    const folder = tempFolder();
    const text = JSON.stringify({ name: 'my-app', version: '1.0.0', dependencies: {} }, null, 2);
    writeFileSync(path.join(folder, 'metadata.json'), text);
    const error = await expectUntouched(folder, text);
    expect(error.message).toMatch(/not an ebonite metadata file/);
  });

  it('a file of a newer format version, or with invalid records, is reported', async () => {
    const newer = tempFolder();
    const text = JSON.stringify({
      format: 'ebonite-metadata',
      version: 3,
      generation: 1,
      projects: [],
      tasks: [],
      models: [],
    });
    writeFileSync(path.join(newer, 'metadata.json'), text);
    expect((await expectUntouched(newer, text)).message).toMatch(/version 3.*upgrade/);
  });

  it('an entry that cannot be indexed (a task of an absent project, a record without id) is kept, and the rest is read', async () => {
    const folder = tempFolder();
    const p = project();
    const t = task('no-such-project');
    const doc = {
      format: 'ebonite-metadata',
      version: 1,
      generation: 1,
      projects: [p, { name: 'no id' }],
      tasks: [t],
      models: [],
    };
    writeFileSync(path.join(folder, 'metadata.json'), JSON.stringify(doc));
    const repo = localMetadata({ path: folder });
    expect(await repo.getProjects()).toEqual([p]);
    expect(await repo.getTaskById(t.id)).toBeNull();
    const other = project();
    await repo.createProject(other); // a write, then a compaction on close
    await repo.close();
    const after = JSON.parse(readFileSync(path.join(folder, 'metadata.json'), 'utf8'));
    expect(after.projects).toEqual(expect.arrayContaining([p, other, { name: 'no id' }]));
    expect(after.tasks).toEqual([t]);
  });

  it('a torn last journal line (a crash mid-append) is ignored, then cut off by the next write', async () => {
    const folder = tempFolder();
    const journal = path.join(folder, 'metadata.journal');
    const repo = localMetadata({ path: folder });
    const p = await repo.createProject(project());
    const t = await repo.createTask(task(p.id));
    const half = JSON.stringify({ op: 'put', kind: 'model', record: model(t.id, 'torn') }).slice(
      0,
      70,
    );
    appendFileSync(journal, half);

    const other = localMetadata({ path: folder });
    expect(await other.getTasks(p.id)).toEqual([t]);
    expect(await other.getModels(t.id)).toEqual([]);
    const m = await other.createModel(model(t.id, 'after'));
    expect(readFileSync(journal, 'utf8')).not.toContain(half);
    expect(readFileSync(journal, 'utf8').endsWith('}\n')).toBe(true);
    expect(await repo.getModels(t.id)).toEqual([m]);
    await other.close();
    await repo.close();
    expect([...readStore(folder).models.values()]).toEqual([m]);
  });

  it('a last line of zero bytes (a crash that extended the file but never wrote it) is ignored too', async () => {
    const folder = tempFolder();
    const repo = localMetadata({ path: folder });
    const p = await repo.createProject(project());
    appendFileSync(path.join(folder, 'metadata.journal'), Buffer.alloc(40));
    appendFileSync(path.join(folder, 'metadata.journal'), '\n');
    const other = localMetadata({ path: folder });
    expect(await other.getProjects()).toEqual([p]);
    await other.createProject(project());
    expect(await repo.getProjects()).toHaveLength(2);
    await other.close();
    await repo.close();
  });

  it('a damaged journal line followed by good ones gives CorruptedStoreError naming the journal, which is left as is', async () => {
    const folder = tempFolder();
    const journal = path.join(folder, 'metadata.journal');
    const repo = localMetadata({ path: folder });
    await repo.createProject(project());
    await repo.createProject(project());
    await repo.close();
    const writer = localMetadata({ path: folder });
    await writer.createProject(project());
    await writer.createProject(project());
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"op":"put"', '"op":"put"BROKEN');
    writeFileSync(journal, lines.join('\n'));
    const damaged = readFileSync(journal);
    const error = await expectCorrupted(localMetadata({ path: folder }).getProjects(), journal);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    await expectCorrupted(localMetadata({ path: folder }).createProject(project()), journal);
    expect(readFileSync(journal)).toEqual(damaged);
  });

  it('a foreign file where the journal belongs is reported, not replaced', async () => {
    const folder = tempFolder();
    const journal = path.join(folder, 'metadata.journal');
    writeFileSync(journal, '{"hello":"world"}\n{"more":1}\n');
    await expectCorrupted(localMetadata({ path: folder }).getProjects(), journal);
    await expectCorrupted(localMetadata({ path: folder }).createProject(project()), journal);
    expect(readFileSync(journal, 'utf8')).toBe('{"hello":"world"}\n{"more":1}\n');
  });
});
