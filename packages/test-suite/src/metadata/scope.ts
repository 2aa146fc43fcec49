import type {
  MetadataRepositoryV1,
  MetadataRepositoryV2,
  ModelRecord,
  ProjectRecord,
  TaskRecord,
} from '@ebonite/core/plugin';
import { expect } from 'vitest';
import { SkipCheck } from '../check.js';
import { modelRecord, projectRecord, taskRecord } from '../fixtures.js';
import { runInScope } from '../run-scope.js';
import type { AnyMetadataRepository, MetadataRepositoryTestOptions } from './options.js';

/**
 * A v2 record as a v1 check expects it: without the empty `tags` and the `null` version every v2
 * record carries (a v1 check never sets them, so any other value is still reported).
 */
export function asV1Record<T>(value: T): T {
  if (Array.isArray(value)) return value.map(asV1Record) as T;
  if (value === null || typeof value !== 'object' || !('id' in value)) return value;
  const record = { ...(value as Record<string, unknown>) };
  const tags = record.tags;
  if (tags && typeof tags === 'object' && Object.keys(tags).length === 0) delete record.tags;
  if (record.version === null) delete record.version;
  return record as T;
}

/**
 * The v1 view of a v2 repository, for the v1 checks: `createModel` gets `version: null` and
 * `tags: {}` added, and every record read has its empty tags and null version removed.
 */
function v1View(repo: MetadataRepositoryV2): MetadataRepositoryV1 {
  return new Proxy(repo, {
    get(target, key, receiver) {
      if (key === 'specificationVersion') return 'v1';
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'close' || key === 'getConfig')
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (key === 'createModel')
          args[0] = { version: null, tags: {}, ...(args[0] as ModelRecord) };
        return asV1Record(await value.apply(target, args));
      };
    },
  }) as unknown as MetadataRepositoryV1;
}

/**
 * One repository for the length of a check, plus builders of records whose projects are removed
 * (with cascade, best effort) when the check ends, so a shared store does not fill up.
 */
export class MetadataScope {
  private readonly projectIds = new Set<string>();
  /** The repository as the v1 checks use it (a v2 one through its v1 view). */
  readonly repo: MetadataRepositoryV1;

  constructor(
    readonly raw: AnyMetadataRepository,
    readonly options: MetadataRepositoryTestOptions,
  ) {
    this.repo = raw.specificationVersion === 'v2' ? v1View(raw) : raw;
  }

  /** The repository under contract v2; a v1 repository skips the check. */
  get v2(): MetadataRepositoryV2 {
    if (this.raw.specificationVersion !== 'v2')
      throw new SkipCheck(
        `the repository implements contract ${String(this.raw.specificationVersion)}, not v2`,
      );
    return this.raw;
  }

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
    const read = await readBack[kind](id);
    const actual = this.raw.specificationVersion === 'v2' ? asV1Record(read) : read;
    expect(actual, `read back ${kind} ${id} directly from the store`).toEqual(expected);
  }

  close(): Promise<void> {
    return this.raw.close();
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
