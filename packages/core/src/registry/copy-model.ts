import type { Ebonite } from '../client/ebonite.js';
import type { ArtifactUpload, StoredArtifact } from '../contracts/artifact-repository.js';
import {
  ArtifactExistsError,
  ArtifactIntegrityError,
  NoSuchArtifactError,
} from '../errors/artifact-errors.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { RegistryConflictError } from '../errors/registry-errors.js';
import type { ArtifactDescriptor, ModelRecord } from '../objects/records.js';
import { ByteCounter } from './byte-counter.js';

/** What happened to one model. */
export interface ModelCopyResult {
  outcome: 'copied' | 'skipped';
  /** True when the target held some of the model's files (an interrupted copy, verified) or had lost some, and they were pushed again. */
  replacedFiles: boolean;
  /** True when every file was already in the target with the recorded sizes and digests (a shared store, or a copy interrupted after its files) and only the metadata was committed. */
  adoptedFiles: boolean;
}

/** The two sides of a copy. */
export interface CopySides {
  from: Ebonite;
  to: Ebonite;
  /** The two clients store artifacts in the same place: nothing is ever pushed or deleted, files are adopted. */
  shared: boolean;
  /** Called with the bytes read or streamed. */
  onBytes: (bytes: number) => void;
}

const copied = (extra: Partial<ModelCopyResult> = {}): ModelCopyResult => ({
  outcome: 'copied',
  replacedFiles: false,
  adoptedFiles: false,
  ...extra,
});
const skipped: ModelCopyResult = { outcome: 'skipped', replacedFiles: false, adoptedFiles: false };

/**
 * Copies one model, keeping its id and record, into a target that already holds its task:
 * - already there (same id, same recorded artifacts, every file present with its size): skipped;
 *   there with missing or short files (a damaged copy): its files are pushed again, unless the store is
 *   shared (then the source lacks them too, and the model fails);
 * - a model of the same name with another id, or the same id with other artifacts: `RegistryConflictError`;
 * - files for the id but no metadata: each is read back against the source's record (size and sha256).
 *   All there and matching: adopted, only the metadata is committed (a shared store, or a copy
 *   interrupted after its files). Some there, all matching, the source holding all (an interrupted copy
 *   into a separate store): they are replaced. Anything else (a name or bytes the model does not
 *   have): `RegistryConflictError` (or, in a shared store, the source's own `ArtifactIntegrityError`),
 *   and nothing is deleted;
 * - else every file streams from the source into the target, which sizes and hashes it on arrival; the
 *   digests are compared with the source's record before the metadata is committed.
 * Only files this call pushed are ever deleted, and only when the model then fails, or files proven to
 * be byte-for-byte copies of the source's.
 */
export async function copyModel(
  sides: CopySides,
  model: ModelRecord,
  path: string,
): Promise<ModelCopyResult> {
  const { to, shared } = sides;
  const existing = await to.meta.getModelById(model.id);
  if (existing) {
    if (firstMismatch(model.artifacts, existing.artifacts))
      throw new RegistryConflictError(
        path,
        `the target has model ${model.id} with other artifacts than the source's`,
      );
    if (await filesComplete(to, model)) return skipped;
    if (shared) throw missingInSharedStore(model, path, await to.artifacts.list(model.id));
    await replaceFiles(sides, model, path, await to.artifacts.list(model.id));
    return copied({ replacedFiles: true });
  }
  const clash = await to.meta.getModelByName(model.taskId, model.name);
  if (clash)
    throw new RegistryConflictError(
      path,
      `the target has model "${model.name}" in this task with id ${clash.id}, the source's is ${model.id}`,
    );
  if (!model.artifacts.length) return commit(sides, model, path, false, copied());

  for (let attempt = 0; ; attempt++) {
    const stored = await to.artifacts.list(model.id);
    if (stored.length) {
      const state = await judgeStored(sides, model, path, stored);
      if (state === 'complete')
        return commit(sides, model, path, false, copied({ adoptedFiles: true }));
      if (shared) throw missingInSharedStore(model, path, stored);
      await replaceFiles(sides, model, path, stored, true);
      return commit(sides, model, path, true, copied({ replacedFiles: true }));
    }
    if (shared) throw missingInSharedStore(model, path, stored);
    try {
      await pushFiles(sides, model);
    } catch (error) {
      // Another copy into the same target pushed the model's files meanwhile: judge them once more.
      if (!EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS') || attempt > 0)
        throw busy(path, error);
      const now = await to.meta.getModelById(model.id);
      if (now && !firstMismatch(model.artifacts, now.artifacts)) return skipped;
      continue;
    }
    return commit(sides, model, path, true, copied());
  }
}

/**
 * Commits the model's metadata once every file is in the target with its recorded size (files another
 * copy removed meanwhile fail it). When the commit fails, files this call pushed (`wrote`) are removed,
 * unless the same model got committed meanwhile by another copy (then it is `skipped`).
 */
async function commit(
  { to }: CopySides,
  model: ModelRecord,
  path: string,
  wrote: boolean,
  result: ModelCopyResult,
): Promise<ModelCopyResult> {
  try {
    if (!(await filesComplete(to, model)))
      throw new ArtifactExistsError(model.id, {
        message: `${path}: its files in the target changed while it was copied (another copy into the same target at the same time?); nothing was committed: run the copy again.`,
      });
    await to.meta.createModel(model);
    return result;
  } catch (error) {
    const now = await to.meta.getModelById(model.id).catch(() => null);
    if (now && !firstMismatch(model.artifacts, now.artifacts)) return skipped;
    if (wrote && model.artifacts.length && !now)
      await to.artifacts.delete(model.id).catch(() => undefined);
    if (EboniteError.isInstance(error, 'E_EXISTING_MODEL'))
      throw new RegistryConflictError(
        path,
        'a model of the same name or id was created in the target meanwhile',
        { cause: error },
      );
    throw error;
  }
}

/**
 * Reads back the files stored in the target for the model's id against the source's record:
 * `'complete'` when they are exactly the recorded files, `'partial'` when they are some of them (each
 * with the recorded size and digest). Anything else throws, deleting nothing: in a shared store the
 * source's own `ArtifactIntegrityError`, else a `RegistryConflictError` naming the file.
 */
async function judgeStored(
  { to, shared, onBytes }: CopySides,
  model: ModelRecord,
  path: string,
  stored: readonly StoredArtifact[],
): Promise<'complete' | 'partial'> {
  const recorded = new Map(model.artifacts.map((a) => [a.name, a]));
  const foreign = (detail: string, cause?: unknown) =>
    new RegistryConflictError(
      path,
      `the target's artifact store holds files for model ${model.id} that are not the source model's (${detail}), and has no metadata for it`,
      {
        ...(cause === undefined ? {} : { cause }),
        advice:
          'Nothing was deleted. Look at those files (another registry or tool writing to the same store?); delete them yourself if they are not needed, then copy again.',
      },
    );
  for (const file of stored) {
    const expected = recorded.get(file.name);
    if (!expected) throw foreign(`"${file.name}" is not one of its artifacts`);
    if (file.size !== expected.size)
      throw foreign(`"${file.name}" has ${file.size} bytes, the model's has ${expected.size}`);
  }
  for (const file of stored) {
    try {
      for await (const chunk of await to.artifacts.open(
        model.id,
        file.name,
        recorded.get(file.name)!,
      ))
        onBytes((chunk as Buffer).length);
    } catch (error) {
      if (shared || !EboniteError.isInstance(error, 'E_ARTIFACT_INTEGRITY')) throw error;
      throw foreign(`"${file.name}" has other bytes than the model's`, error);
    }
  }
  return stored.length === model.artifacts.length ? 'complete' : 'partial';
}

/**
 * Replaces the target's files for the model, all of them verified copies of the source's (some missing)
 * in a store that is not the source's: the source must list every recorded file (in the same store,
 * both would list the same), then they are deleted and pushed again.
 */
async function replaceFiles(
  sides: CopySides,
  model: ModelRecord,
  path: string,
  stored: readonly StoredArtifact[],
  judged = false,
): Promise<void> {
  const { from, to } = sides;
  if (stored.length) {
    if (!judged) await judgeStored(sides, model, path, stored);
    const source = new Map((await from.artifacts.list(model.id)).map((s) => [s.name, s.size]));
    const missing = model.artifacts.find((d) => source.get(d.name) !== d.size);
    if (missing) throw new NoSuchArtifactError(model.id, missing.name);
    await to.artifacts.delete(model.id);
  }
  try {
    await pushFiles(sides, model);
  } catch (error) {
    throw EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS') ? busy(path, error) : error;
  }
}

/**
 * Streams the model's files into the target (which must hold none). The digests that arrive must be
 * the recorded ones, or the files just pushed are removed again.
 */
async function pushFiles({ from, to, onBytes }: CopySides, model: ModelRecord): Promise<void> {
  const arrived = await to.artifacts.push(model.id, sourceFiles(from, model, onBytes));
  const mismatch = firstMismatch(model.artifacts, arrived);
  if (mismatch) {
    await to.artifacts.delete(model.id).catch(() => undefined);
    throw new ArtifactIntegrityError(
      model.id,
      mismatch.expected.name,
      mismatch.expected,
      mismatch.actual ?? { size: 0, digest: '(not stored)' },
    );
  }
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

/** A model of a shared store with files missing: the source lacks them too, nothing can be copied. */
function missingInSharedStore(
  model: ModelRecord,
  path: string,
  stored: readonly StoredArtifact[],
): EboniteError {
  const sizes = new Map(stored.map((s) => [s.name, s.size]));
  const missing = model.artifacts.find((d) => sizes.get(d.name) !== d.size) ?? model.artifacts[0]!;
  return new NoSuchArtifactError(model.id, missing.name, {
    message: `${path}: artifact "${missing.name}" of model ${model.id} is missing or incomplete in the artifact store the source and the target share, so the source lacks it too; nothing was copied or deleted. Restore it from a backup, or delete the model from the source.`,
  });
}

function busy(path: string, cause: unknown): EboniteError {
  if (!EboniteError.isInstance(cause, 'E_ARTIFACT_EXISTS')) return cause as EboniteError;
  return new ArtifactExistsError(cause.modelId, {
    message: `${path} is being copied into the target by another process at the same time: run the copy again once it is done.`,
    cause,
  });
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
