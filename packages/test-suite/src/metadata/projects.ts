import { newId } from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { expectEboniteError } from '../expect-error.js';
import { clone, projectRecord, sortedIds } from '../fixtures.js';
import { randomSuffix, uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { only, withMetadata } from './scope.js';

/** Create, read, list, update and delete of projects. */
export const projectChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'projects',
  checks: [
    {
      name: 'createProject returns the record and stores a copy independent of the caller',
      run: (o) =>
        withMetadata(o, async (s) => {
          const input = s.projectRecord();
          const expected = clone(input);
          const created = await s.repo.createProject(input);
          expect(created, 'createProject result').toEqual(expected);
          input.name = uniqueName('mutated-input');
          input.author = 'someone else';
          created.name = uniqueName('mutated-result');
          const read = await s.repo.getProjectById(expected.id);
          expect(read, 'getProjectById after the caller mutated its objects').toEqual(expected);
          if (read) read.name = uniqueName('mutated-read');
          expect(
            await s.repo.getProjectById(expected.id),
            'getProjectById after mutating a read copy',
          ).toEqual(expected);
          expect(await s.repo.getProjectByName(expected.name), 'getProjectByName').toEqual(
            expected,
          );
          await s.stored('project', expected.id, expected);
        }),
    },
    {
      name: 'getProjectById and getProjectByName return null when absent',
      run: (o) =>
        withMetadata(o, async (s) => {
          expect(await s.repo.getProjectById(newId())).toBeNull();
          expect(await s.repo.getProjectByName(uniqueName('absent'))).toBeNull();
        }),
    },
    {
      name: 'a taken name or id throws ExistingProjectError and changes nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const first = await s.project();
          const sameName = s.projectRecord(first.name);
          await expectEboniteError(
            s.repo.createProject(sameName),
            'E_EXISTING_PROJECT',
            'createProject with a taken name',
          );
          const sameId = { ...projectRecord(), id: first.id };
          await expectEboniteError(
            s.repo.createProject(sameId),
            'E_EXISTING_PROJECT',
            'createProject with a taken id',
          );
          expect(await s.repo.getProjectById(first.id), 'the first project').toEqual(first);
          expect(await s.repo.getProjectById(sameName.id), 'the rejected project').toBeNull();
          expect(await s.repo.getProjectByName(sameId.name), 'the rejected project').toBeNull();
          expect(only(await s.repo.getProjects(), [first.id, sameName.id]), 'getProjects').toEqual([
            first,
          ]);
          await s.stored('project', first.id, first);
          await s.stored('project', sameName.id, null);
        }),
    },
    {
      name: 'names are case-sensitive: Model, model and MODEL are three projects',
      run: (o) =>
        withMetadata(o, async (s) => {
          const suffix = randomSuffix();
          const created = [];
          for (const name of [`Model-${suffix}`, `model-${suffix}`, `MODEL-${suffix}`])
            created.push(await s.project(name));
          for (const project of created)
            expect(await s.repo.getProjectByName(project.name), project.name).toEqual(project);
        }),
    },
    {
      name: 'names are compared exactly: a trailing space makes another project',
      run: (o) =>
        withMetadata(o, async (s) => {
          const name = uniqueName('padded');
          const plain = await s.project(name);
          const padded = await s.project(`${name} `);
          expect(await s.repo.getProjectByName(name)).toEqual(plain);
          expect(await s.repo.getProjectByName(`${name} `)).toEqual(padded);
        }),
    },
    {
      name: 'getProjects lists in id order, whatever the creation order',
      run: (o) =>
        withMetadata(o, async (s) => {
          const records = [s.projectRecord(), s.projectRecord(), s.projectRecord()];
          for (const index of [2, 0, 1])
            await s.repo.createProject(records[index] as (typeof records)[number]);
          const listed = only(
            await s.repo.getProjects(),
            records.map((r) => r.id),
          );
          expect(listed.map((p) => p.id)).toEqual(sortedIds(records.map((r) => r.id)));
          expect(listed).toEqual(expect.arrayContaining(records));
        }),
    },
    {
      name: 'updateProject renames, changes the author and keeps creationDate as stored',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const change = {
            ...project,
            name: uniqueName('renamed'),
            author: 'new author',
            creationDate: '2001-02-03T04:05:06.007Z',
          };
          const expected = { ...change, creationDate: project.creationDate };
          expect(await s.repo.updateProject(change), 'updateProject result').toEqual(expected);
          expect(await s.repo.getProjectById(project.id)).toEqual(expected);
          expect(await s.repo.getProjectByName(change.name)).toEqual(expected);
          expect(await s.repo.getProjectByName(project.name), 'the old name').toBeNull();
          await s.stored('project', project.id, expected);
        }),
    },
    {
      name: 'updateProject onto a taken name throws ExistingProjectError and changes nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const a = await s.project();
          const b = await s.project();
          await expectEboniteError(
            s.repo.updateProject({ ...b, name: a.name }),
            'E_EXISTING_PROJECT',
            'renaming onto a taken name',
          );
          expect(await s.repo.getProjectById(a.id)).toEqual(a);
          expect(await s.repo.getProjectById(b.id)).toEqual(b);
          expect(await s.repo.getProjectByName(a.name)).toEqual(a);
          await s.stored('project', b.id, b);
        }),
    },
    {
      name: 'updateProject of an absent project throws NonExistingProjectError and creates nothing',
      run: (o) =>
        withMetadata(o, async (s) => {
          const ghost = s.projectRecord();
          await expectEboniteError(
            s.repo.updateProject(ghost),
            'E_NON_EXISTING_PROJECT',
            'updateProject of an absent project',
          );
          expect(await s.repo.getProjectById(ghost.id)).toBeNull();
          expect(await s.repo.getProjectByName(ghost.name)).toBeNull();
          await s.stored('project', ghost.id, null);
        }),
    },
    {
      name: 'deleteProject removes it; deleting an absent project throws NonExistingProjectError',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          const other = await s.project();
          await s.repo.deleteProject(project.id);
          expect(await s.repo.getProjectById(project.id)).toBeNull();
          expect(await s.repo.getProjectByName(project.name)).toBeNull();
          expect(only(await s.repo.getProjects(), [project.id, other.id])).toEqual([other]);
          await s.stored('project', project.id, null);
          await s.stored('project', other.id, other);
          await expectEboniteError(
            s.repo.deleteProject(project.id),
            'E_NON_EXISTING_PROJECT',
            'deleting it again',
          );
          await expectEboniteError(
            s.repo.deleteProject(newId()),
            'E_NON_EXISTING_PROJECT',
            'deleting a never-created project',
          );
        }),
    },
    {
      name: 'a deleted project name can be created again',
      run: (o) =>
        withMetadata(o, async (s) => {
          const project = await s.project();
          await s.repo.deleteProject(project.id);
          const again = await s.project(project.name);
          expect(again.id).not.toBe(project.id);
          expect(await s.repo.getProjectByName(project.name)).toEqual(again);
        }),
    },
  ],
};
