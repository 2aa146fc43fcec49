import type { Ebonite } from '../client/ebonite.js';
import type { StoredArtifact } from '../contracts/artifact-repository.js';
import type { ArtifactIntegrityError } from '../errors/artifact-errors.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { SharedArtifactStoreError } from '../errors/registry-errors.js';
import { isEboniteId } from '../objects/ids.js';
import type { ArtifactDescriptor, ModelRecord } from '../objects/records.js';
import {
  isRegistryMarkerId,
  type RegistryMarker,
  readRegistryMarker,
  registryMarkerOf,
} from './registry-marker.js';
import { formatRegistryPath } from './registry-path.js';
import { runPool } from './run-pool.js';
import { modelSize, selectRegistry } from './select-registry.js';

/** Options of {@link checkRegistry}. */
export interface CheckRegistryOptions {
  /**
   * Delete the orphans (files no metadata points to). Nothing else is ever changed. Refused with
   * `SharedArtifactStoreError` when the artifact store holds the markers of other registries. Default false.
   */
  repair?: boolean;
  /** Read every file back and compare its sha256 with the recorded digest, not only its size. Default false. */
  verify?: boolean;
  /** Called at the start, as bytes are verified, and after each model. */
  onProgress?: (progress: CheckProgress) => void;
  /** How many models are checked at once. Default 4. */
  concurrency?: number;
  /**
   * Orphans whose newest file was written less than this (ms) before the check started, or while it
   * runs, may belong to a push still in flight: they are reported as `recent` and never removed. Needs a
   * repository that tells file ages (`lastModified`; the s3 repository reports an upload still in
   * progress as written now). Default 10 minutes.
   */
  graceMs?: number;
}

/** The default {@link CheckRegistryOptions.graceMs}: 10 minutes. */
export const DEFAULT_ORPHAN_GRACE_MS = 10 * 60 * 1000;

/** A snapshot of a running check. */
export interface CheckProgress {
  event: 'start' | 'bytes' | 'model';
  modelsTotal: number;
  modelsDone: number;
  /** The bytes to read back: the recorded sizes with `verify`, else 0. */
  bytesTotal: number;
  bytesDone: number;
}

/** One recorded artifact that is not as its metadata says. */
export interface ArtifactProblem {
  /** `missing`: not stored; `size`: stored with another size; `digest`: its bytes do not hash to the recorded digest; `unexpected`: stored but not recorded. */
  kind: 'missing' | 'size' | 'digest' | 'unexpected';
  /** `project/task/model` */
  path: string;
  modelId: string;
  artifact: string;
  /** What the metadata records (absent for `unexpected`). */
  expected?: ArtifactDescriptor;
  /** What is stored: size always, digest with `verify`. */
  actual?: { size: number; digest?: string };
}

/** An alias whose target is not a model of its task (a store edited by hand, a backend bug). */
export interface AliasProblem {
  /** `project/task@alias` */
  path: string;
  taskId: string;
  alias: string;
  /** The model it points at, which the task does not have. */
  modelId: string;
}

/** Files stored for a model id that no metadata has: what a crash in the middle of a push or a copy leaves. */
export interface Orphan {
  modelId: string;
  files: StoredArtifact[];
  /** Total bytes. */
  size: number;
  /** When the newest file was written, when the repository tells. */
  lastModified?: string;
  /** Younger than the grace period, or still being written: possibly a push in flight, so never removed and not counted against `ok`. */
  recent: boolean;
  /** True when `repair` deleted them. */
  removed: boolean;
}

/** What a check found. */
export interface CheckReport {
  modelsChecked: number;
  artifactsChecked: number;
  /** Bytes read back and hashed (with `verify`). */
  bytesVerified: number;
  problems: ArtifactProblem[];
  /** Aliases pointing at a model their task does not have (contract v2 repositories). Reported, never changed. */
  aliasProblems: AliasProblem[];
  orphans: Orphan[];
  /**
   * Ids in the artifact store that ebonite never gives a model (not a UUIDv7, not a registry marker):
   * another registry's folder (a registry under the prefix `model` in the same bucket shows as `model`)
   * or another tool's files. Never removed.
   */
  foreign: string[];
  /**
   * Other registries whose markers are in the artifact store: it is shared, so their models' files look
   * like orphans here; `repair` then refuses to delete anything.
   */
  otherRegistries: RegistryMarker[];
  /** True when nothing is wrong any more: no problems (of files or aliases), no other registry in the store, and no orphans left but recent ones (none found, or all removed). */
  ok: boolean;
}

/**
 * Checks a registry: every model's recorded artifacts against what the artifact repository stores
 * (present, same size, and with `verify` the same sha256), every alias against its task's models, and every model id the artifact repository
 * has files for against the metadata (orphans). With `repair` it deletes the orphans and only them (each
 * re-checked against the metadata and its age just before); damaged models are reported, never changed.
 * A push's files are orphans until its metadata is committed: orphans written within `graceMs` are
 * reported as `recent` and left alone (for repositories that tell file ages).
 *
 * Only ids of the form ebonite gives models (UUIDv7) can be orphans; other ids are `foreign`. Registry
 * markers (see {@link ensureRegistryMarker}) of other registries mean the artifact store is shared:
 * they are reported in `otherRegistries`, and `repair` throws `SharedArtifactStoreError` before deleting
 * anything.
 */
export async function checkRegistry(
  client: Ebonite,
  options: CheckRegistryOptions = {},
): Promise<CheckReport> {
  const {
    repair = false,
    verify = false,
    onProgress,
    concurrency = 4,
    graceMs = DEFAULT_ORPHAN_GRACE_MS,
  } = options;
  const startedAt = Date.now();
  const isRecent = (lastModified: string | undefined) =>
    lastModified !== undefined && Date.parse(lastModified) >= startedAt - graceMs;
  const selection = await selectRegistry(client);
  const models = selection.flatMap(({ project, tasks }) =>
    tasks.flatMap(({ task, models }) =>
      models.map((model) => ({
        model,
        path: formatRegistryPath(project.name, task.name, model.name),
      })),
    ),
  );
  const known = new Set(models.map(({ model }) => model.id));
  const report: CheckReport = {
    modelsChecked: 0,
    artifactsChecked: 0,
    bytesVerified: 0,
    problems: [],
    aliasProblems: await aliasProblems(client, selection),
    orphans: [],
    foreign: [],
    otherRegistries: [],
    ok: true,
  };
  const progress = {
    modelsTotal: models.length,
    modelsDone: 0,
    bytesTotal: verify ? models.reduce((sum, { model }) => sum + modelSize(model), 0) : 0,
    bytesDone: 0,
  };
  onProgress?.({ event: 'start', ...progress });

  await runPool(models, concurrency, async ({ model, path }) => {
    let read = 0;
    const onBytes = (bytes: number) => {
      read += bytes;
      progress.bytesDone += bytes;
      onProgress?.({ event: 'bytes', ...progress });
    };
    report.problems.push(...(await inspectModelFiles(client, model, path, verify, onBytes)));
    report.modelsChecked++;
    report.artifactsChecked += model.artifacts.length;
    report.bytesVerified += read;
    progress.modelsDone++;
    if (verify) progress.bytesDone += modelSize(model) - read;
    onProgress?.({ event: 'model', ...progress });
  });

  const self = registryMarkerOf(client)?.id;
  for await (const modelId of client.artifacts.listModelIds()) {
    if (known.has(modelId)) continue;
    if (isRegistryMarkerId(modelId)) {
      if (modelId !== self) report.otherRegistries.push(await readRegistryMarker(client, modelId));
      continue;
    }
    if (await client.meta.getModelById(modelId)) continue;
    if (!isEboniteId(modelId)) {
      report.foreign.push(modelId);
      continue;
    }
    const files = await client.artifacts.list(modelId);
    const lastModified = await client.artifacts.lastModified(modelId);
    report.orphans.push({
      modelId,
      files,
      size: files.reduce((sum, f) => sum + f.size, 0),
      ...(lastModified ? { lastModified } : {}),
      recent: isRecent(lastModified),
      removed: false,
    });
  }
  report.problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (repair && report.otherRegistries.length) {
    report.ok = false;
    throw new SharedArtifactStoreError(report.otherRegistries, { report });
  }
  if (repair) {
    for (const orphan of report.orphans) {
      if (orphan.recent || (await client.meta.getModelById(orphan.modelId))) continue;
      // A push may have started writing (a multipart upload, its next file) since it was listed.
      if (isRecent(await client.artifacts.lastModified(orphan.modelId))) {
        orphan.recent = true;
        continue;
      }
      await client.artifacts.delete(orphan.modelId);
      orphan.removed = true;
    }
  }
  report.ok =
    report.problems.length === 0 &&
    report.aliasProblems.length === 0 &&
    report.otherRegistries.length === 0 &&
    report.orphans.every((o) => o.removed || o.recent);
  return report;
}

/** The aliases (of a v2 repository) that point at a model their task does not have. */
async function aliasProblems(
  client: Ebonite,
  selection: Awaited<ReturnType<typeof selectRegistry>>,
): Promise<AliasProblem[]> {
  if (client.meta.contractVersion !== 'v2') return [];
  const found: AliasProblem[] = [];
  for (const { project, tasks } of selection) {
    for (const { task, models } of tasks) {
      const ids = new Set(models.map((m) => m.id));
      for (const { alias, modelId } of await client.meta.getAliases(task.id)) {
        if (ids.has(modelId)) continue;
        // Pushed after the selection was read? Then it is there now, in this task.
        if ((await client.meta.getModelById(modelId))?.taskId === task.id) continue;
        const path = `${formatRegistryPath(project.name, task.name)}@${alias}`;
        found.push({ path, taskId: task.id, alias, modelId });
      }
    }
  }
  return found;
}

/** The problems of one model's stored files against its record. */
async function inspectModelFiles(
  client: Ebonite,
  model: ModelRecord,
  path: string,
  verify: boolean,
  onBytes: (bytes: number) => void,
): Promise<ArtifactProblem[]> {
  const problems: ArtifactProblem[] = [];
  const stored = new Map((await client.artifacts.list(model.id)).map((s) => [s.name, s.size]));
  const base = { path, modelId: model.id };
  for (const expected of model.artifacts) {
    const size = stored.get(expected.name);
    stored.delete(expected.name);
    if (size === undefined)
      problems.push({ ...base, kind: 'missing', artifact: expected.name, expected });
    else if (size !== expected.size)
      problems.push({ ...base, kind: 'size', artifact: expected.name, expected, actual: { size } });
    else if (verify) {
      const mismatch = await readBack(client, model.id, expected, onBytes);
      if (mismatch)
        problems.push({
          ...base,
          kind: 'digest',
          artifact: expected.name,
          expected,
          actual: mismatch,
        });
    }
  }
  for (const [name, size] of stored)
    problems.push({ ...base, kind: 'unexpected', artifact: name, actual: { size } });
  return problems;
}

/** Reads a file through the core's verification; resolves to what was read when it does not match. */
async function readBack(
  client: Ebonite,
  modelId: string,
  expected: ArtifactDescriptor,
  onBytes: (bytes: number) => void,
) {
  try {
    for await (const chunk of await client.artifacts.open(modelId, expected.name, expected))
      onBytes((chunk as Buffer).length);
    return undefined;
  } catch (error) {
    if (!EboniteError.isInstance(error, 'E_ARTIFACT_INTEGRITY')) throw error;
    return (error as ArtifactIntegrityError).actual;
  }
}
