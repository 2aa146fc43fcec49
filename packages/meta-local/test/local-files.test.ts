import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EboniteError, InvalidConfigError, InvalidInputError } from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import {
  ebonitePlugin,
  InMemoryMetadataRepository,
  inMemoryMetadata,
  LocalMetadataRepository,
} from '../src/index.js';
import { localMetadata } from '../src/local-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { model, project, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';

describe('local: the path option', () => {
  it('takes a folder or the metadata file, and getConfig() returns the absolute file path', () => {
    const folder = tempFolder();
    expect(localMetadata({ path: folder }).getConfig()).toEqual({
      path: path.join(folder, 'metadata.json'),
    });
    expect(localMetadata({ path: path.join(folder, 'new-folder') }).getConfig()).toEqual({
      path: path.join(folder, 'new-folder', 'metadata.json'),
    });
    expect(localMetadata({ path: path.join(folder, 'registry.json') }).getConfig()).toEqual({
      path: path.join(folder, 'registry.json'),
    });
    mkdirSync(path.join(folder, 'odd.json'));
    expect(localMetadata({ path: path.join(folder, 'odd.json') }).getConfig()).toEqual({
      path: path.join(folder, 'odd.json', 'metadata.json'),
    });
    const relative = path.relative(process.cwd(), path.join(folder, 'metadata.json'));
    expect(localMetadata({ path: relative }).getConfig()).toEqual({
      path: path.join(folder, 'metadata.json'),
    });
  });

  it('rejects a missing path and bad tuning options with InvalidInputError', () => {
    expect(() => localMetadata({ path: '' })).toThrow(InvalidInputError);
    expect(() => localMetadata({} as never)).toThrow(InvalidInputError);
    expect(() => localMetadata({ path: tempFolder(), staleLockMs: 10 })).toThrow(/staleLockMs/);
  });

  it('the plugin builds both types from JSON options, and rejects a local config without a path', async () => {
    const folder = tempFolder();
    const local = await ebonitePlugin.metadata!.local!({
      path: path.join(folder, 'metadata.json'),
    });
    expect(local.type).toBe('local');
    expect(local.getConfig?.()).toEqual({ path: path.join(folder, 'metadata.json') });
    const memory = await ebonitePlugin.metadata!.inmemory!({});
    expect(memory.type).toBe('inmemory');
    expect(() => ebonitePlugin.metadata!.local!({})).toThrow(InvalidConfigError);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.ebonite).toEqual({ metadata: ['local', 'inmemory'] });
  });

  it('creates nothing on disk until the first write, then the folder and the journal', async () => {
    const folder = path.join(tempFolder(), 'registry');
    const repo = localMetadata({ path: folder });
    expect(await repo.getProjects()).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    await repo.createProject(project());
    expect(existsSync(path.join(folder, 'metadata.journal'))).toBe(true);
    await repo.close();
  });
});

describe('both types', () => {
  it('carry their type string statically and on the instance, and contract v2', () => {
    expect(LocalMetadataRepository.type).toBe('local');
    expect(InMemoryMetadataRepository.type).toBe('inmemory');
    const local = localMetadata({ path: tempFolder() });
    const memory = inMemoryMetadata();
    expect([local.type, local.specificationVersion]).toEqual(['local', 'v2']);
    expect([memory.type, memory.specificationVersion, memory.getConfig()]).toEqual([
      'inmemory',
      'v2',
      {},
    ]);
  });

  it('throw ClosedError when used after close()', async () => {
    for (const repo of [localMetadata({ path: tempFolder() }), inMemoryMetadata()]) {
      await repo.close();
      await repo.close();
      const error = await repo.createProject(project()).catch((e: unknown) => e);
      expect(EboniteError.isInstance(error, 'E_CLOSED'), String(error)).toBe(true);
    }
  });
});

describe('local: files', () => {
  it('close() folds the journal into metadata.json, which then alone holds everything, readable', async () => {
    const folder = tempFolder();
    const repo = localMetadata({ path: folder });
    const p = await repo.createProject(project('p'));
    const t = await repo.createTask(task(p.id, 't'));
    const kept = await repo.createModel(model(t.id, 'kept'));
    const gone = await repo.createModel(model(t.id, 'gone'));
    await repo.updateModel({ ...kept, description: 'updated' });
    await repo.deleteModel(gone.id);
    expect(readStore(folder).journalLines).toBe(6);
    await repo.close();

    expect(existsSync(path.join(folder, 'metadata.journal'))).toBe(false);
    const doc = JSON.parse(readFileSync(path.join(folder, 'metadata.json'), 'utf8'));
    // generation 2: the first write made generation 1 (format 2, before any journal line)
    expect(doc).toEqual({
      format: 'ebonite-metadata',
      version: 2,
      generation: 2,
      projects: [p],
      tasks: [{ ...t, tags: {} }],
      models: [{ ...kept, description: 'updated', version: null, tags: {} }],
      versions: {},
      aliases: [],
      aliasHistory: [],
    });
    const text = readFileSync(path.join(folder, 'metadata.json'), 'utf8');
    expect(text).toContain('\n  "projects": [\n');
    // one record per line
    expect(text.split('\n')).toContain(`    ${JSON.stringify(doc.models[0])}`);
    expect(text.split('\n')).toContain(`    ${JSON.stringify(doc.tasks[0])}`);
  });

  it('a second repository sees each write as soon as it returns, without closing the first', async () => {
    const folder = tempFolder();
    const a = localMetadata({ path: folder });
    const b = localMetadata({ path: path.join(folder, 'metadata.json') });
    const p = await a.createProject(project());
    expect(await b.getProjectById(p.id)).toEqual(p);
    const t = await b.createTask(task(p.id));
    expect(await a.getTasks(p.id)).toEqual([t]);
    await a.updateTask({ ...t, name: 'renamed' });
    expect((await b.getTaskById(t.id))?.name).toBe('renamed');
    await b.deleteProject(p.id, { cascade: true });
    expect(await a.getProjects()).toEqual([]);
    await a.close();
    expect(await b.getProjects()).toEqual([]);
    await b.close();
    expect(readStore(folder).projects.size).toBe(0);
  });

  it('a growing journal is compacted during writes, and other open repositories follow', async () => {
    const folder = tempFolder();
    const writer = localMetadata({ path: folder, compactAfterBytes: 2048 });
    const reader = localMetadata({ path: folder });
    const p = await writer.createProject(project());
    const t = await writer.createTask(task(p.id));
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      names.push((await writer.createModel(model(t.id, `m${i}`))).name);
      if (i % 7 === 0) expect((await reader.getModels(t.id)).map((m) => m.name)).toEqual(names);
    }
    const store = readStore(folder);
    expect(store.generation).toBeGreaterThan(1);
    expect(store.models.size).toBe(60);
    expect((await reader.getModels(t.id)).map((m) => m.name)).toEqual(names);
    await reader.createModel(model(t.id, 'from-reader'));
    expect(await writer.getModelByName(t.id, 'from-reader')).not.toBeNull();
    await writer.close();
    await reader.close();
  });

  it('a journal left behind by a compaction that crashed before removing it is ignored, then replaced', async () => {
    const folder = tempFolder();
    const journal = path.join(folder, 'metadata.journal');
    const repo = localMetadata({ path: folder });
    const p = await repo.createProject(project());
    await repo.createTask(task(p.id));
    const leftover = readFileSync(journal);
    await repo.close();
    writeFileSync(journal, leftover); // as if the crash came between the metadata.json rename and the journal's removal

    const again = localMetadata({ path: folder });
    expect(await again.getProjects()).toEqual([p]);
    expect(await again.getTasks(p.id)).toHaveLength(1);
    await again.createProject(project('next'));
    expect(readFileSync(journal, 'utf8').split('\n')[0]).toContain('"generation":2');
    await again.close();
    expect(readStore(folder).projects.size).toBe(2);
  });

  it('writing into a store while another repository reads it gives each reader a consistent view', async () => {
    const folder = tempFolder();
    const writer = localMetadata({ path: folder });
    const reader = localMetadata({ path: folder });
    const p = await writer.createProject(project());
    const t = await writer.createTask(task(p.id));
    const writes = Array.from({ length: 40 }, (_, i) => writer.createModel(model(t.id, `m${i}`)));
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) seen.push((await reader.getModels(t.id)).length);
    await Promise.all(writes);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(await reader.getModels(t.id)).toHaveLength(40);
    await writer.close();
    await reader.close();
  });
});
