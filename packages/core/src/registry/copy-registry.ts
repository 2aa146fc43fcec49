import type { Ebonite } from '../client/ebonite.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { RegistryConflictError } from '../errors/registry-errors.js';
import type { ModelRecord, ProjectRecord, TagChanges, TaskRecord } from '../objects/records.js';
import { copyTaskAliasEvents } from './copy-aliases.js';
import { copyModel } from './copy-model.js';
import { ensureRegistryMarker } from './registry-marker.js';
import { formatRegistryPath, parseRegistryPath, type RegistryPath } from './registry-path.js';
import { sameArtifactStore } from './repository-location.js';
import { runPool } from './run-pool.js';
import { modelSize, selectRegistry } from './select-registry.js';

/** Options of {@link copyRegistry}. */
export interface CopyRegistryOptions {
  /** What to copy: a project, a task or a model (`{ project, task, model }` or `"project/task/model"`). Everything by default. */
  filter?: RegistryPath | string;
  /** Called at the start, as bytes flow, and after each model. */
  onProgress?: (progress: CopyProgress) => void;
  /** How many models are copied at once. Default 4. */
  concurrency?: number;
}

/** A snapshot of a running copy. */
export interface CopyProgress {
  /** `start` once the source is read, `bytes` while files stream, `model` when a model is done. */
  event: 'start' | 'bytes' | 'model';
  modelsTotal: number;
  /** Models copied, skipped or failed so far. */
  modelsDone: number;
  /** The recorded size of every selected model's artifacts. */
  bytesTotal: number;
  /** Bytes streamed, plus the sizes of models skipped or failed. */
  bytesDone: number;
  /** With `model`: which model, and what happened to it. */
  model?: { path: string; id: string; outcome: 'copied' | 'skipped' | 'conflict' | 'failed' };
}

/** Something that was not copied, and why. */
export interface CopyIssue {
  kind: 'project' | 'task' | 'model' | 'alias';
  /** `project/task/model`, or `project/task@alias` */
  path: string;
  id: string;
  error: EboniteError;
}

/** What a copy did. Objects already in the target (same id) are `skipped`. */
export interface CopyReport {
  projects: { copied: number; skipped: number };
  tasks: { copied: number; skipped: number };
  models: { copied: number; skipped: number; failed: number };
  /**
   * Aliases with their whole history, those removed since included (contract v2 on both sides, a whole
   * task selected): `copied` the aliases given history entries, `skipped` those whose history in the
   * target already equals the source's, `failed` the tasks whose aliases could not be copied (each
   * reported; their aliases are copied all or none).
   */
  aliases: { copied: number; skipped: number; failed: number };
  /**
   * The source and the target store artifacts in the same place (the same repository, or the same root
   * folder, bucket and prefix, ...): only metadata was copied, and every model's files were read back
   * and adopted where they are. Nothing is ever pushed or deleted then.
   */
  sharedArtifactStore: boolean;
  /** Bytes of artifacts uploaded by this run (adopted files are not counted). */
  bytesCopied: number;
  /** Ids of models whose files in the target were incomplete (an interrupted or damaged copy) and were pushed again. */
  replacedFiles: string[];
  /** Ids of models whose files were already in the target, verified, and adopted without uploading them (a shared store, or a copy interrupted after its files). */
  adoptedFiles: string[];
  /** Objects the target holds differently (same name, other id; same id, other artifacts). Their subtrees were not copied. */
  conflicts: CopyIssue[];
  /**
   * Models that could not be copied: a source file missing or not matching its digest, a name the
   * target cannot store, a backend error on that model's files, another copy into the target at the
   * same time.
   */
  failures: CopyIssue[];
}

/** Codes that mean a backend cannot be used at all: they stop the copy. Any other ebonite error fails one model and the copy goes on. */
const FATAL = new Set(['E_CONNECTION', 'E_CLOSED']);

/**
 * Copies projects, tasks and models with their artifacts from one client to another (any pair of
 * backends), keeping ids, names, authors, dates, params, digests, tags and version numbers, and (when
 * whole tasks are copied between two v2 repositories) every alias that is set, with its history: its
 * moves are replayed oldest first with their original authors and dates. Parents are created first; objects
 * already in the target (same id) are skipped, so a second run copies only what is missing and a run
 * interrupted at any point (the process killed) is resumed by running it again. Every file is sized
 * and hashed as it arrives in the target and compared with the source's recorded digest before the
 * model's metadata is committed.
 *
 * When both clients store artifacts in the same place (`sharedArtifactStore`), only metadata is copied:
 * each model's files are read back, verified against the source's record and adopted. In any case the
 * target's files for a model are never deleted unless they are proven copies of the source's (an
 * interrupted copy, replaced) or this run wrote them.
 *
 * A conflict (the target has the name under another id, or other files for the id) or a model that
 * fails (a damaged source file, a name the target cannot store, a backend error on its files) is
 * reported in the result and the copy goes on; a backend that cannot be reached (`E_CONNECTION`,
 * `E_CLOSED`) throws (run it again to resume). Throws `NonExisting…Error` when the filter names
 * something the source does not have.
 */
export async function copyRegistry(
  from: Ebonite,
  to: Ebonite,
  options: CopyRegistryOptions = {},
): Promise<CopyReport> {
  const { onProgress, concurrency = 4 } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InvalidInputError(
      `copyRegistry: concurrency must be a positive integer, got ${concurrency}.`,
    );
  const filter =
    typeof options.filter === 'string' ? parseRegistryPath(options.filter) : (options.filter ?? {});
  const selection = await selectRegistry(from, filter);
  const report: CopyReport = {
    projects: { copied: 0, skipped: 0 },
    tasks: { copied: 0, skipped: 0 },
    models: { copied: 0, skipped: 0, failed: 0 },
    aliases: { copied: 0, skipped: 0, failed: 0 },
    sharedArtifactStore: await sameArtifactStore(from, to),
    bytesCopied: 0,
    replacedFiles: [],
    adoptedFiles: [],
    conflicts: [],
    failures: [],
  };
  const all = selection.flatMap((p) => p.tasks.flatMap((t) => t.models));
  const progress = {
    modelsTotal: all.length,
    modelsDone: 0,
    bytesTotal: all.reduce((sum, m) => sum + modelSize(m), 0),
    bytesDone: 0,
  };
  onProgress?.({ event: 'start', ...progress });

  const finish = (
    model: ModelRecord,
    path: string,
    outcome: NonNullable<CopyProgress['model']>['outcome'],
    streamed: number,
  ) => {
    progress.modelsDone++;
    progress.bytesDone += modelSize(model) - streamed;
    onProgress?.({ event: 'model', ...progress, model: { path, id: model.id, outcome } });
  };
  const queue: Array<{ model: ModelRecord; path: string }> = [];
  const copiedTasks: Array<{ task: TaskRecord; path: string }> = [];
  for (const { project, tasks } of selection) {
    const projectIssue = await copyParent(report, 'project', project, project.name, () =>
      ensureProject(to, project),
    );
    for (const { task, models } of tasks) {
      const taskPath = formatRegistryPath(project.name, task.name);
      const blocked =
        projectIssue ??
        (await copyParent(report, 'task', task, taskPath, () => ensureTask(to, task, taskPath)));
      if (!blocked) copiedTasks.push({ task, path: taskPath });
      for (const model of models) {
        const path = formatRegistryPath(taskPath, model.name);
        if (blocked) {
          report.models.failed++;
          finish(model, path, 'conflict', 0);
        } else queue.push({ model, path });
      }
    }
  }

  // The target registry uses its artifact store from now on: its marker tells other registries' checks.
  if (queue.some(({ model }) => model.artifacts.length)) await ensureRegistryMarker(to);
  const shared = report.sharedArtifactStore;
  await runPool(queue, concurrency, async ({ model, path }) => {
    let streamed = 0;
    const size = modelSize(model);
    // Files read back and then pushed again count once: progress never passes the model's size.
    const onBytes = (bytes: number) => {
      const counted = Math.min(bytes, size - streamed);
      if (counted <= 0) return;
      streamed += counted;
      progress.bytesDone += counted;
      onProgress?.({ event: 'bytes', ...progress });
    };
    try {
      const result = await copyModel({ from, to, shared, onBytes }, model, path);
      if (result.outcome === 'skipped') await syncModelTags(to, model);
      report.models[result.outcome]++;
      if (result.outcome === 'copied' && !result.adoptedFiles) report.bytesCopied += size;
      if (result.replacedFiles) report.replacedFiles.push(model.id);
      if (result.adoptedFiles) report.adoptedFiles.push(model.id);
      finish(model, path, result.outcome, streamed);
    } catch (error) {
      const conflict = EboniteError.isInstance(error, 'E_REGISTRY_CONFLICT');
      if (!EboniteError.isInstance(error) || FATAL.has(error.code)) throw error;
      report.models.failed++;
      (conflict ? report.conflicts : report.failures).push({
        kind: 'model',
        path,
        id: model.id,
        error,
      });
      finish(model, path, conflict ? 'conflict' : 'failed', streamed);
    }
  });
  // Aliases name models of their task: copied once the models are, for whole tasks only.
  if (filter.model === undefined && bothV2(from, to))
    for (const { task, path } of copiedTasks) await copyTaskAliases(report, from, to, task, path);
  return report;
}

function bothV2(from: Ebonite, to: Ebonite): boolean {
  return from.meta.contractVersion === 'v2' && to.meta.contractVersion === 'v2';
}

/** Copies the aliases of a task with their whole history; a failure is reported and the copy goes on. */
async function copyTaskAliases(
  report: CopyReport,
  from: Ebonite,
  to: Ebonite,
  task: TaskRecord,
  taskPath: string,
): Promise<void> {
  try {
    const outcome = await copyTaskAliasEvents(from, to, task, taskPath);
    report.aliases.copied += outcome.copied;
    report.aliases.skipped += outcome.skipped;
  } catch (error) {
    if (!EboniteError.isInstance(error) || FATAL.has(error.code)) throw error;
    const conflict = EboniteError.isInstance(error, 'E_REGISTRY_CONFLICT');
    const path = conflict ? ((error as RegistryConflictError).path ?? taskPath) : taskPath;
    report.aliases.failed++;
    const issue: CopyIssue = { kind: 'alias', path, id: task.id, error };
    (conflict ? report.conflicts : report.failures).push(issue);
  }
}

/** The changes that make `current` tags equal `wanted`. */
function tagChanges(current: Record<string, string>, wanted: Record<string, string>): TagChanges {
  const changes: TagChanges = {};
  for (const key of Object.keys(current)) if (!Object.hasOwn(wanted, key)) changes[key] = null;
  for (const [key, value] of Object.entries(wanted))
    if (current[key] !== value) changes[key] = value;
  return changes;
}

/** A model already in the target gets the source's tags (they may have changed since it was copied). */
async function syncModelTags(to: Ebonite, model: ModelRecord): Promise<void> {
  if (to.meta.contractVersion !== 'v2') return;
  const stored = await to.meta.getModelById(model.id);
  if (!stored) return;
  const changes = tagChanges(stored.tags ?? {}, model.tags ?? {});
  if (Object.keys(changes).length) await to.meta.setModelTags(model.id, changes);
}

/** Ensures a project or task is in the target; a conflict is reported and returned (its subtree is then skipped). */
async function copyParent(
  report: CopyReport,
  kind: 'project' | 'task',
  record: ProjectRecord | TaskRecord,
  path: string,
  ensure: () => Promise<'copied' | 'skipped'>,
): Promise<CopyIssue | undefined> {
  try {
    report[`${kind}s`][await ensure()]++;
    return undefined;
  } catch (error) {
    const unsupported = EboniteError.isInstance(error, 'E_NOT_SUPPORTED');
    if (!EboniteError.isInstance(error, 'E_REGISTRY_CONFLICT') && !unsupported) throw error;
    const issue: CopyIssue = { kind, path, id: record.id, error };
    (unsupported ? report.failures : report.conflicts).push(issue);
    return issue;
  }
}

async function ensureProject(to: Ebonite, project: ProjectRecord): Promise<'copied' | 'skipped'> {
  if (await to.meta.getProjectById(project.id)) return 'skipped';
  const clash = await to.meta.getProjectByName(project.name);
  if (clash)
    throw new RegistryConflictError(
      project.name,
      `the target has project "${project.name}" with id ${clash.id}, the source's is ${project.id}`,
    );
  try {
    await to.meta.createProject(project);
    return 'copied';
  } catch (error) {
    if (!EboniteError.isInstance(error, 'E_EXISTING_PROJECT')) throw error;
    if (await to.meta.getProjectById(project.id)) return 'skipped';
    throw new RegistryConflictError(
      project.name,
      'a project of the same name was created in the target meanwhile',
      { cause: error },
    );
  }
}

async function ensureTask(
  to: Ebonite,
  task: TaskRecord,
  path: string,
): Promise<'copied' | 'skipped'> {
  const existing = await to.meta.getTaskById(task.id);
  if (existing) {
    const changes = tagChanges(existing.tags ?? {}, task.tags ?? {});
    if (Object.keys(changes).length) await to.meta.setTaskTags(task.id, changes);
    return 'skipped';
  }
  const clash = await to.meta.getTaskByName(task.projectId, task.name);
  if (clash)
    throw new RegistryConflictError(
      path,
      `the target has task "${task.name}" in this project with id ${clash.id}, the source's is ${task.id}`,
    );
  try {
    await to.meta.createTask(task);
    return 'copied';
  } catch (error) {
    if (!EboniteError.isInstance(error, 'E_EXISTING_TASK')) throw error;
    if (await to.meta.getTaskById(task.id)) return 'skipped';
    throw new RegistryConflictError(
      path,
      'a task of the same name was created in the target meanwhile',
      { cause: error },
    );
  }
}
