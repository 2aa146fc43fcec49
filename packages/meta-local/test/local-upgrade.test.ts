import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';
import { describe, expect, it } from 'vitest';
import { localMetadata } from '../src/local-metadata-repository.js';
import type { StateMetadataRepository } from '../src/repository/state-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { newModel, stamp } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';

// A registry folder written by the 0.1 release (see fixtures/make-registry-0.1.mjs): metadata.json of
// format 1 plus a journal a killed process left; expected.json is what that release read from it.
const FIXTURE = fileURLToPath(new URL('./fixtures/registry-0.1', import.meta.url));
const EXPECTED = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('./fixtures/registry-0.1.expected.json', import.meta.url)),
    'utf8',
  ),
) as { projects: ProjectRecord[]; tasks: TaskRecord[]; models: ModelRecord[] };

function copyOfFixture(): string {
  const folder = tempFolder();
  cpSync(FIXTURE, folder, { recursive: true });
  return folder;
}

/** Everything the repository holds, in the order the 0.1 dump listed it. */
async function dump(repo: StateMetadataRepository) {
  const projects = await repo.getProjects();
  const tasks: TaskRecord[] = [];
  const models: ModelRecord[] = [];
  for (const p of projects)
    for (const t of await repo.getTasks(p.id)) {
      tasks.push(t);
      models.push(...(await repo.getModels(t.id)));
    }
  return { projects, tasks, models };
}

/** What the 0.1 release read, as contract v2 shows it: no tags are `{}`, a named model's version is null. */
const upgraded = {
  projects: EXPECTED.projects,
  tasks: EXPECTED.tasks.map((t) => ({ ...t, tags: {} })),
  models: EXPECTED.models.map((m) => ({ ...m, version: null, tags: {} })),
};

const byName = <T extends { name: string }>(list: T[], name: string): T =>
  list.find((x) => x.name === name)!;

describe('local: a registry written by the 0.1 release', () => {
  it('opens with every record, read-only until the first write', async () => {
    const folder = copyOfFixture();
    const before = readFileSync(path.join(folder, 'metadata.json'), 'utf8');
    const repo = localMetadata({ path: folder });
    expect(await dump(repo)).toEqual(upgraded);
    expect(upgraded.models.map((m) => m.name).sort()).toEqual(
      ['gbm_100%', 'logreg-l2', 'random-forest', 'v1', 'v3', 'xgboost', 'yolo'].sort(),
    );
    await repo.close(); // it only read: nothing is rewritten
    expect(readFileSync(path.join(folder, 'metadata.json'), 'utf8')).toBe(before);
    expect(readStore(folder).journalLines).toBe(5);
  });

  it('upgrades in place on the first write, takes v2 data, and reopens without loss', async () => {
    const folder = copyOfFixture();
    const repo = localMetadata({ path: folder });
    const scoring = byName(upgraded.tasks, 'scoring');
    const handV1 = byName(upgraded.models, 'v1');
    // the hand-named v1 and v3 are skipped
    const first = await repo.createModel(newModel(scoring.id, null, { tags: { stage: 'dev' } }));
    expect([first.name, first.version]).toEqual(['v2', 2]);
    // the first write folded the 0.1 journal into a metadata.json of format 2
    const store = readStore(folder);
    expect([store.format, store.generation, store.journalLines]).toEqual([2, 2, 1]);
    const second = await repo.createModel(newModel(scoring.id, null));
    expect(second.name).toBe('v4');
    await repo.setModelTags(handV1.id, { legacy: 'yes' });
    await repo.setTaskTags(scoring.id, { team: 'fraud' });
    await repo.setAlias(scoring.id, 'production', handV1.id, stamp('ana'));
    await repo.setAlias(scoring.id, 'production', second.id, stamp('bob'));
    await repo.close();

    const doc = JSON.parse(readFileSync(path.join(folder, 'metadata.json'), 'utf8'));
    expect([doc.version, doc.generation, doc.versions]).toEqual([2, 3, { [scoring.id]: 4 }]);
    const again = localMetadata({ path: folder });
    const all = await dump(again);
    expect(all.projects).toEqual(upgraded.projects);
    expect(all.tasks).toEqual(
      upgraded.tasks.map((t) => (t.id === scoring.id ? { ...t, tags: { team: 'fraud' } } : t)),
    );
    expect(all.models).toEqual(
      expect.arrayContaining(
        upgraded.models.map((m) => (m.id === handV1.id ? { ...m, tags: { legacy: 'yes' } } : m)),
      ),
    );
    expect(all.models).toHaveLength(upgraded.models.length + 2);
    expect((await again.getAlias(scoring.id, 'production'))?.modelId).toBe(second.id);
    expect(
      (await again.getAliasHistory(scoring.id, 'production')).map((e) => e.previousModelId),
    ).toEqual([handV1.id, null]);
    expect((await again.createModel(newModel(scoring.id, null))).name).toBe('v5');
    await again.close();
  });

  it('a 0.1 reader refuses the upgraded store: its format check sees version 2', async () => {
    // 0.1.x checks `version > 1` on metadata.json and throws CorruptedStoreError ("has format version
    // 2, and this @ebonite/meta-local reads version 1 (upgrade @ebonite/meta-local ...)"), before it
    // reads the journal; a store is never left with lines of the new format beside a format-1 file.
    const folder = copyOfFixture();
    const repo = localMetadata({ path: folder });
    const task = byName(upgraded.tasks, 'churn');
    const model = byName(upgraded.models, 'xgboost');
    await repo.setAlias(task.id, 'production', model.id, stamp());
    const doc = JSON.parse(readFileSync(path.join(folder, 'metadata.json'), 'utf8'));
    expect(doc.version).toBeGreaterThan(1);
    const journal = readFileSync(path.join(folder, 'metadata.journal'), 'utf8').split('\n');
    expect(JSON.parse(journal[0]!)).toMatchObject({ version: 2, generation: doc.generation });
    await repo.close();
  });
});
