import type { Ebonite } from '../client/ebonite.js';
import type { ArtifactUpload } from '../contracts/artifact-repository.js';
import { ArtifactIntegrityError } from '../errors/artifact-errors.js';
import { EboniteError } from '../errors/ebonite-error.js';
import type { ArtifactDescriptor, ModelRecord } from '../objects/records.js';
import { ByteCounter } from './byte-counter.js';
import { RegistryConflictError } from './registry-errors.js';

/** What happened to one model. */
export interface ModelCopyResult {
  outcome: 'copied' | 'skipped';
  /** True when the target held files for the model that were incomplete (an interrupted copy) and were pushed again. */
  replacedFiles: boolean;
}

/**
 * Copies one model, keeping its id and record, into a target that already holds its task:
 * - already there (same id, same recorded artifacts, every file present with its size): skipped;
 *   there with missing or short files (a damaged or interrupted copy): its files are pushed again;
 * - a model of the same name with another id, or the same id with other artifacts: `RegistryConflictError`;
 * - files for the id but no metadata (an interrupted copy): they are deleted and pushed again;
 * - else every file streams from the source into the target, which sizes and hashes it on arrival; the
 *   digests are compared with the source's record before the metadata is committed.
 * A failure leaves the target without files or metadata for the model (unless it was there before).
 */
export async function copyModel(
  from: Ebonite,
  to: Ebonite,
  model: ModelRecord,
  path: string,
  onBytes: (bytes: number) => void,
): Promise<ModelCopyResult> {
  const existing = await to.meta.getModelById(model.id);
  if (existing) {
    if (firstMismatch(model.artifacts, existing.artifacts))
      throw new RegistryConflictError(
        path,
        `the target has model ${model.id} with other artifacts than the source's`,
      );
    if (await filesComplete(to, model)) return { outcome: 'skipped', replacedFiles: false };
    await pushFiles(from, to, model, path, onBytes, true);
    return { outcome: 'copied', replacedFiles: true };
  }
  const clash = await to.meta.getModelByName(model.taskId, model.name);
  if (clash)
    throw new RegistryConflictError(
      path,
      `the target has model "${model.name}" in this task with id ${clash.id}, the source's is ${model.id}`,
    );
  const pushed = await pushFiles(from, to, model, path, onBytes, false);
  if (pushed === 'committed') return { outcome: 'skipped', replacedFiles: false };
  try {
    await to.meta.createModel(model);
  } catch (error) {
    // Another copy into the same target may have committed the same model meanwhile: then it is done.
    const now = await to.meta.getModelById(model.id).catch(() => null);
    if (now && !firstMismatch(model.artifacts, now.artifacts))
      return { outcome: 'skipped', replacedFiles: false };
    if (model.artifacts.length) await to.artifacts.delete(model.id).catch(() => undefined);
    if (EboniteError.isInstance(error, 'E_EXISTING_MODEL'))
      throw new RegistryConflictError(
        path,
        'a model of the same name or id was created in the target meanwhile',
        { cause: error },
      );
    throw error;
  }
  return { outcome: 'copied', replacedFiles: pushed === 'replaced' };
}

/**
 * Streams the model's files into the target. Files already stored for the id (an interrupted copy, or a
 * copy into the same target running at the same time) make the push fail: then, unless the model got
 * committed meanwhile (`'committed'`), they are deleted and pushed again (`'replaced'`). The digests that
 * arrive must be the recorded ones, or the files are removed again (unless `keepOnFailure`).
 */
async function pushFiles(
  from: Ebonite,
  to: Ebonite,
  model: ModelRecord,
  path: string,
  onBytes: (bytes: number) => void,
  keepOnFailure: boolean,
): Promise<'pushed' | 'replaced' | 'committed'> {
  if (!model.artifacts.length) return 'pushed';
  let outcome: 'pushed' | 'replaced' = 'pushed';
  let arrived: ArtifactDescriptor[];
  try {
    arrived = await to.artifacts.push(model.id, sourceFiles(from, model, onBytes));
  } catch (error) {
    if (!EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS')) throw error;
    const now = keepOnFailure ? null : await to.meta.getModelById(model.id);
    if (now && !firstMismatch(model.artifacts, now.artifacts)) return 'committed';
    await to.artifacts.delete(model.id);
    outcome = 'replaced';
    try {
      arrived = await to.artifacts.push(model.id, sourceFiles(from, model, onBytes));
    } catch (again) {
      if (!EboniteError.isInstance(again, 'E_ARTIFACT_EXISTS')) throw again;
      throw new EboniteError(
        'E_ARTIFACT_EXISTS',
        `${path} is being copied into the target by another process at the same time: run the copy again once it is done.`,
        { cause: again },
      );
    }
  }
  const mismatch = firstMismatch(model.artifacts, arrived);
  if (mismatch) {
    if (!keepOnFailure) await to.artifacts.delete(model.id).catch(() => undefined);
    throw new ArtifactIntegrityError(
      model.id,
      mismatch.expected.name,
      mismatch.expected,
      mismatch.actual ?? { size: 0, digest: '(not stored)' },
    );
  }
  return outcome;
}

/**
 * Streams a model's files out of the source as they are stored; the target's push sizes and hashes them
 * on arrival, and the caller compares that with the source's record (a file corrupted in the source is
 * caught there, then removed from the target).
 */
async function* sourceFiles(
  from: Ebonite,
  model: ModelRecord,
  onBytes: (bytes: number) => void,
): AsyncGenerator<ArtifactUpload> {
  for (const descriptor of model.artifacts) {
    const source = await from.artifacts.open(model.id, descriptor.name);
    const counter = new ByteCounter(onBytes);
    source.once('error', (error) => counter.destroy(error));
    counter.once('close', () => source.destroy());
    yield { name: descriptor.name, body: source.pipe(counter) };
  }
}

/** The first recorded artifact that is not in `actual` with the same size and digest. */
function firstMismatch(
  expected: readonly ArtifactDescriptor[],
  actual: readonly ArtifactDescriptor[],
) {
  const byName = new Map(actual.map((a) => [a.name, a]));
  for (const descriptor of expected) {
    const other = byName.get(descriptor.name);
    if (!other || other.size !== descriptor.size || other.digest !== descriptor.digest)
      return { expected: descriptor, actual: other };
  }
  return actual.length === expected.length
    ? undefined
    : { expected: expected[0]!, actual: undefined };
}

/** Whether the target stores every recorded file of the model with its recorded size. */
async function filesComplete(to: Ebonite, model: ModelRecord): Promise<boolean> {
  if (!model.artifacts.length) return true;
  const stored = new Map((await to.artifacts.list(model.id)).map((s) => [s.name, s.size]));
  return model.artifacts.every((d) => stored.get(d.name) === d.size);
}
