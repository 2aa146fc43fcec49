import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { clone, modelRecord, taskRecord, UNICODE_SAMPLES } from '../fixtures.js';
import { longName, uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { withMetadata } from './scope.js';

/** Names to round-trip: every sample, and names of exactly 255 UTF-16 code units. */
function names(): string[] {
  return [
    ...Object.values(UNICODE_SAMPLES).map((sample) => uniqueName(sample)),
    longName(255, 'a'),
    longName(255, '模'),
    longName(255, '🧪'),
  ];
}

/** Unicode and long names, descriptions and params round-trip exactly. */
export const unicodeChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'unicode and limits',
  checks: [
    {
      name: 'emoji, CJK, right-to-left, decomposed and 255-character names round-trip exactly at every level',
      run: (o) =>
        withMetadata(o, async (s) => {
          for (const name of names()) {
            expect(name.length).toBeLessThanOrEqual(255);
            const project = await s.project(name);
            const task = await s.repo.createTask(taskRecord(project.id, name));
            const model = await s.repo.createModel(modelRecord(task.id, name));
            expect(await s.repo.getProjectByName(name), `project ${name}`).toEqual(project);
            expect(await s.repo.getTaskByName(project.id, name), `task ${name}`).toEqual(task);
            expect(await s.repo.getModelByName(task.id, name), `model ${name}`).toEqual(model);
            expect((await s.repo.getProjectById(project.id))?.name, 'the name read by id').toBe(
              name,
            );
            await s.stored('project', project.id, project);
            await s.stored('task', task.id, task);
            await s.stored('model', model.id, model);
          }
        }),
    },
    {
      name: 'a decomposed name and its composed form are two names',
      run: (o) =>
        withMetadata(o, async (s) => {
          const base = uniqueName('name');
          const decomposed = await s.project(`${base}-e\u0301`);
          const composed = await s.project(`${base}-\u00e9`);
          expect(await s.repo.getProjectByName(decomposed.name)).toEqual(decomposed);
          expect(await s.repo.getProjectByName(composed.name)).toEqual(composed);
        }),
    },
    {
      name: 'Unicode descriptions, params keys and values, and a long description round-trip exactly',
      run: (o) =>
        withMetadata(o, async (s) => {
          const task = await s.task();
          const samples = Object.values(UNICODE_SAMPLES).join(' | ');
          const record = modelRecord(task.id, uniqueName('unicode'), {
            description: `${samples}\n${'long description '.repeat(2000)}`,
            params: {
              [UNICODE_SAMPLES.emoji]: UNICODE_SAMPLES.cjk,
              [UNICODE_SAMPLES.nfd]: [UNICODE_SAMPLES.rtl, { [UNICODE_SAMPLES.cjk]: samples }],
            },
            requirements: [{ package: `pkg-${UNICODE_SAMPLES.cjk}`, version: '1.0.0-β' }],
          });
          const expected = clone(record);
          await s.repo.createModel(record);
          expect(await s.repo.getModelById(record.id)).toEqual(expected);
          await s.stored('model', record.id, expected);
        }),
    },
  ],
};
