import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { modelRecord, projectRecord, taskRecord } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { MetadataScope, withMetadata } from './scope.js';

/** What one repository wrote is there for the next one. */
export const persistenceChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'persistence',
  checks: [
    {
      name: 'a second repository sees what the first wrote, updated and deleted, after the first is closed',
      skip: (o) => (o.capabilities?.persistent ? undefined : 'capabilities.persistent is not set'),
      run: async (o) => {
        const project = projectRecord();
        const task = taskRecord(project.id);
        const kept = modelRecord(task.id);
        const gone = modelRecord(task.id);
        const updated = { ...kept, name: uniqueName('updated'), params: { updated: true } };
        const raw = await o.create();
        const first = new MetadataScope(raw, o).repo;
        try {
          await first.createProject(project);
          await first.createTask(task);
          await first.createModel(kept);
          await first.createModel(gone);
          await first.updateModel(updated);
          await first.deleteModel(gone.id);
        } finally {
          await raw.close();
        }
        await withMetadata(o, async (s) => {
          s.track(project.id);
          expect(await s.repo.getProjectById(project.id)).toEqual(project);
          expect(await s.repo.getTaskByName(project.id, task.name)).toEqual(task);
          expect(await s.repo.getModels(task.id)).toEqual([updated]);
          expect(await s.repo.getModelById(gone.id)).toBeNull();
          await s.stored('model', kept.id, updated);
          await s.stored('model', gone.id, null);
        });
      },
    },
  ],
};
