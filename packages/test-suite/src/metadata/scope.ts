import type {
  MetadataRepositoryV1,
  ModelRecord,
  ProjectRecord,
  TaskRecord,
} from '@ebonite/core/plugin';
import { expect } from 'vitest';
import { modelRecord, projectRecord, taskRecord } from '../fixtures.js';
import { runInScope } from '../run-scope.js';
import type { MetadataRepositoryTestOptions } from './options.js';

/**
 * One repository for the length of a check, plus builders of records whose projects are removed
 * (with cascade, best effort) when the check ends, so a shared store does not fill up.
 */
export class MetadataScope {
  private readonly projectIds = new Set<string>();

  constructor(
    readonly repo: MetadataRepositoryV1,
    readonly options: MetadataRepositoryTestOptions,
  ) {}

  /** A project record (not stored) whose project is cleaned up at the end. */
  projectRecord(name?: string): ProjectRecord {
    const record = projectRecord(name);
    this.projectIds.add(record.id);
    return record;
  }

  /** Marks a project for clean-up. */
  track(projectId: string): void {
    this.projectIds.add(projectId);
  }

  /** Creates a project through the repository. */
  project(name?: string): Promise<ProjectRecord> {
    return this.repo.createProject(this.projectRecord(name));
  }

  /** Creates a task (in a new project unless one is given). */
  async task(projectId?: string, name?: string): Promise<TaskRecord> {
    return this.repo.createTask(taskRecord(projectId ?? (await this.project()).id, name));
  }

  /** Creates a model (in a new task unless one is given). */
  async model(
    taskId?: string,
    name?: string,
    overrides?: Partial<ModelRecord>,
  ): Promise<ModelRecord> {
    return this.repo.createModel(modelRecord(taskId ?? (await this.task()).id, name, overrides));
  }

  /** With read-back hooks, asserts what the store holds for this object (`null`: nothing). */
  async stored(
    kind: 'project' | 'task' | 'model',
    id: string,
    expected: ProjectRecord | TaskRecord | ModelRecord | null,
  ): Promise<void> {
    const readBack = this.options.readBack;
    if (!readBack) return;
    const actual = await readBack[kind](id);
    expect(actual, `read back ${kind} ${id} directly from the store`).toEqual(expected);
  }

  close(): Promise<void> {
    return this.repo.close();
  }

  /** Deletes the tracked projects, ignoring failures (the check's own result matters more). */
  async cleanUp(): Promise<void> {
    for (const id of this.projectIds) {
      try {
        await this.repo.deleteProject(id, { cascade: true });
      } catch {
        // already gone, or the repository under test is broken: the check reports that
      }
    }
  }
}

/** Runs `fn` with a fresh repository from `options.create()`, then cleans up and closes it (once). */
export async function withMetadata(
  options: MetadataRepositoryTestOptions,
  fn: (scope: MetadataScope) => Promise<void>,
): Promise<void> {
  const scope = new MetadataScope(await options.create(), options);
  return runInScope(scope, fn);
}

/** The records of `list` whose ids are in `ids`, in the order the repository returned them. */
export function only<T extends { id: string }>(list: T[], ids: Iterable<string>): T[] {
  const wanted = new Set(ids);
  return list.filter((record) => wanted.has(record.id));
}
