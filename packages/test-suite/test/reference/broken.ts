import type { Readable } from 'node:stream';
import {
  type AliasEvent,
  type ArtifactUpload,
  type ChangeStamp,
  compareUtf8,
  type DeleteOptions,
  type ModelRecord,
  type ModelSearch,
  type NewModelRecord,
  type ProjectRecord,
  type SearchPosition,
  type StoredArtifact,
  type TagChanges,
  type TaskRecord,
} from '@ebonite/core/plugin';
import { KeyValueArtifacts } from './key-value-artifacts.js';
import { MemoryMetadata } from './memory-metadata.js';
import { MemoryMetadataV2 } from './memory-metadata-v2.js';

// Deliberately broken repositories, each wrong in one way a real backend has been wrong.
// The suite's own tests run single checks against them and expect those checks to fail.

/** Lets a project name be taken twice (a missing unique constraint). */
export class DuplicateNamesMetadata extends MemoryMetadata {
  override async createProject(project: ProjectRecord) {
    this.store.projects.set(project.id, structuredClone(project));
    return structuredClone(project);
  }
}

/** Stores and returns the caller's own objects (no copies). */
export class SharedObjectsMetadata extends MemoryMetadata {
  override async createProject(project: ProjectRecord) {
    await super.createProject(project);
    this.store.projects.set(project.id, project);
    return project;
  }
  override async getProjectById(id: string) {
    return this.store.projects.get(id) ?? null;
  }
}

/** Lists projects in insertion order instead of id order. */
export class InsertionOrderMetadata extends MemoryMetadata {
  override async getProjects() {
    return [...this.store.projects.values()].map((p) => structuredClone(p));
  }
}

/** Checks the name, awaits, then writes: two writers both pass the check (no transaction, no lock). */
export class CheckThenActMetadata extends MemoryMetadata {
  override async createProject(project: ProjectRecord) {
    if (this.projectByName(project.name)) return super.createProject(project);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.store.projects.set(project.id, structuredClone(project));
    return structuredClone(project);
  }
}

/** Deletes a project that still has tasks without cascade, leaving them orphaned. */
export class NoChildGuardMetadata extends MemoryMetadata {
  override async deleteProject(id: string) {
    return super.deleteProject(id, { cascade: true });
  }
}

/** Lists and deletes by `model/<id>` without the trailing slash: model `1` sees and deletes model `10`'s files. */
export class PrefixWithoutSlashArtifacts extends KeyValueArtifacts {
  protected override prefix(modelId: string): string {
    return `model/${modelId}`;
  }
}

/** Leaves the files of a failed push behind. */
export class LeakyArtifacts extends KeyValueArtifacts {
  protected override async discard(): Promise<void> {}
}

/** Reports a missing file with a plain Error instead of NoSuchArtifactError. */
export class UntypedErrorsArtifacts extends KeyValueArtifacts {
  override async open(modelId: string, name: string): Promise<Readable> {
    if (!this.objects.has(`model/${modelId}/${name}`)) throw new Error('ENOENT');
    return super.open(modelId, name);
  }
}

/** Lists files in the order they were pushed, not by name. */
export class UnsortedListArtifacts extends KeyValueArtifacts {
  override async list(modelId: string): Promise<StoredArtifact[]> {
    const prefix = this.prefix(modelId);
    return this.keys(modelId).map((key) => ({
      name: key.slice(prefix.length),
      size: this.objects.get(key)?.length ?? 0,
    }));
  }
}

/** Overwrites the files of a model pushed twice. */
export class OverwritingArtifacts extends KeyValueArtifacts {
  override async push(
    modelId: string,
    files: AsyncIterable<ArtifactUpload>,
  ): Promise<StoredArtifact[]> {
    await this.delete(modelId);
    return super.push(modelId, files);
  }
}

/** Checks for existing files correctly, but lists by `model/<id>` without the trailing slash. */
export class ListPrefixArtifacts extends KeyValueArtifacts {
  override async list(modelId: string): Promise<StoredArtifact[]> {
    const prefix = `model/${modelId}`;
    return [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => ({
        name: key.slice(prefix.length + 1),
        size: this.objects.get(key)?.length ?? 0,
      }));
  }
}

/** Deletes by `model/<id>` without the trailing slash (Ebonite's S3 repository did). */
export class DeletePrefixArtifacts extends KeyValueArtifacts {
  override async delete(modelId: string): Promise<void> {
    for (const key of [...this.objects.keys()])
      if (key.startsWith(`model/${modelId}`)) this.objects.delete(key);
  }
}

/** Collects a listing in a plain object keyed by name: a file named `__proto__` silently vanishes. */
export class PlainObjectListArtifacts extends KeyValueArtifacts {
  override async list(modelId: string): Promise<StoredArtifact[]> {
    const byName: Record<string, number> = {};
    for (const file of await super.list(modelId)) byName[file.name] = file.size;
    return Object.entries(byName).map(([name, size]) => ({ name, size }));
  }
}

/** Indexes model names in a plain object: "constructor" finds Object.prototype's member. */
export class PlainObjectIndexMetadata extends MemoryMetadata {
  protected override modelByName(taskId: string, name: string) {
    const index: Record<string, string> = {};
    for (const m of this.store.models.values()) if (m.taskId === taskId) index[m.name] = m.id;
    const id = index[name];
    return typeof id === 'string' ? (this.store.models.get(id) ?? null) : null;
  }
  override async getModelByName(taskId: string, name: string) {
    const index: Record<string, unknown> = {};
    for (const m of this.store.models.values()) if (m.taskId === taskId) index[m.name] = m;
    return (
      (index[name] as ReturnType<MemoryMetadata['getModelById']> extends Promise<infer R>
        ? R
        : never) ?? null
    );
  }
}

/** Writes the whole record on update, `creationDate` included (an UPDATE that sets every column). */
export class OverwritingCreationDateMetadata extends MemoryMetadata {
  override async updateTask(task: TaskRecord) {
    await super.updateTask(task);
    this.store.tasks.set(task.id, structuredClone(task));
    return structuredClone(task);
  }
  override async updateModel(model: ModelRecord) {
    await super.updateModel(model);
    this.store.models.set(model.id, structuredClone(model));
    return structuredClone(model);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Collects a project's tasks and models, awaits, then deletes them: children created meanwhile stay orphaned. */
export class NonAtomicCascadeMetadata extends MemoryMetadata {
  override async deleteProject(id: string, options?: DeleteOptions) {
    if (!options?.cascade) return super.deleteProject(id, options);
    const tasks = [...this.store.tasks.values()].filter((t) => t.projectId === id);
    const models = [...this.store.models.values()].filter((m) =>
      tasks.some((t) => t.id === m.taskId),
    );
    await tick();
    for (const model of models) this.store.models.delete(model.id);
    for (const task of tasks) this.store.tasks.delete(task.id);
    this.store.projects.delete(id);
  }
}

/** Copies the table, awaits, then writes the copy back: concurrent creates on one instance are lost. */
export class SnapshotWriteMetadata extends MemoryMetadata {
  override async createModel(model: ModelRecord) {
    const snapshot = new Map(this.store.models);
    const created = await super.createModel(model);
    await tick();
    snapshot.set(model.id, structuredClone(model));
    this.store.models = snapshot;
    return created;
  }
}

// Broken v2 repositories, each wrong in one way a registry's backend could be.

/** Allocates the highest stored version plus one: a deleted last version's number is reused. */
export class MaxPlusOneVersionsMetadata extends MemoryMetadataV2 {
  protected override allocate(model: NewModelRecord): ModelRecord {
    if (model.name !== null) return super.allocate(model);
    const versions = [...this.store.models.values()]
      .filter((m) => m.taskId === model.taskId)
      .map((m) => m.version ?? 0);
    const n = Math.max(0, ...versions) + 1;
    return { ...model, name: `v${n}`, version: n };
  }
}

/** Takes the next number without looking at the names taken by hand. */
export class NoSkipVersionsMetadata extends MemoryMetadataV2 {
  protected override modelNamed(): boolean {
    return false;
  }
}

/** Reads the counter, awaits, then writes it: racing creates get the same number. */
export class CheckThenActVersionsMetadata extends MemoryMetadataV2 {
  override async createModel(model: NewModelRecord): Promise<ModelRecord> {
    if (model.name !== null) return super.createModel(model);
    const n = (this.store.counters.get(model.taskId) ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.store.counters.set(model.taskId, n);
    return super.createModel({ ...model, name: `v${n}`, version: n });
  }
}

/** setModelTags and setTaskTags replace the tags instead of merging. */
export class ReplacingTagsMetadata extends MemoryMetadataV2 {
  override async setModelTags(modelId: string, changes: TagChanges) {
    const stored = this.store.models.get(modelId);
    if (stored) stored.tags = {};
    return super.setModelTags(modelId, changes);
  }
}

/** updateModel writes the caller's tags over the stored ones. */
export class UpdateOverwritesTagsMetadata extends MemoryMetadataV2 {
  override async updateModel(model: ModelRecord): Promise<ModelRecord> {
    const updated = await super.updateModel(model);
    const stored = this.store.models.get(model.id);
    if (stored) stored.tags = structuredClone(model.tags ?? {});
    return { ...updated, tags: structuredClone(model.tags ?? {}) };
  }
}

/** Keeps the history oldest first. */
export class OldestFirstHistoryMetadata extends MemoryMetadataV2 {
  override async getAliasHistory(taskId: string, alias: string) {
    return (await super.getAliasHistory(taskId, alias)).reverse();
  }
}

/** Deletes a model an alias points at, leaving the alias dangling. */
export class UnguardedDeleteMetadata extends MemoryMetadataV2 {
  override async deleteModel(id: string) {
    return super.deleteModel(id, { force: true });
  }
}

/** A cascade delete of a task leaves its aliases and history behind. */
export class CascadeKeepsAliasesMetadata extends MemoryMetadataV2 {
  protected override forgetDeletedTasks() {}
}

/** Reads the alias, awaits, then writes: racing moves record a broken history. */
export class CheckThenActAliasMetadata extends MemoryMetadataV2 {
  override async setAlias(taskId: string, alias: string, modelId: string, stamp: ChangeStamp) {
    const previous = await this.getAlias(taskId, alias);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const record = { taskId, alias, modelId, updatedAt: stamp.at, author: stamp.author };
    this.store.aliases.set(`${taskId}\u0000${alias}`, record);
    this.record(taskId, alias, modelId, previous?.modelId ?? null, stamp);
    return record;
  }
}

/** Sorts names by UTF-16 code units (JavaScript's `<`), not by UTF-8 bytes. */
export class Utf16OrderSearchMetadata extends MemoryMetadataV2 {
  override async searchModels(search: ModelSearch) {
    const all = await super.searchModels({ ...search, limit: 100_000, after: null });
    const sign = search.order === 'asc' ? 1 : -1;
    const cmp = (a: ModelRecord, b: SearchPosition) =>
      search.orderBy === 'name' && a.name !== b.name
        ? sign * (a.name < b.name ? -1 : 1)
        : sign *
          (a.creationDate < b.creationDate
            ? -1
            : a.creationDate > b.creationDate
              ? 1
              : a.id < b.id
                ? -1
                : a.id > b.id
                  ? 1
                  : 0);
    return all
      .sort(cmp)
      .filter((m) => !search.after || cmp(m, search.after) > 0)
      .slice(0, search.limit);
  }
}

/** Treats `%` and `_` in a name prefix as LIKE wildcards. */
export class LikeWildcardSearchMetadata extends MemoryMetadataV2 {
  override async searchModels(search: ModelSearch) {
    if (search.namePrefix === null) return super.searchModels(search);
    const pattern = new RegExp(
      `^${[...search.namePrefix].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}`,
      'su',
    );
    const all = await super.searchModels({ ...search, namePrefix: null, limit: 100_000 });
    return all.filter((m) => pattern.test(m.name)).slice(0, search.limit);
  }
}

/** Breaks ties on creationDate by name instead of id. */
export class NameTieBreakSearchMetadata extends MemoryMetadataV2 {
  override async searchModels(search: ModelSearch) {
    if (search.orderBy !== 'creationDate') return super.searchModels(search);
    const all = await super.searchModels({ ...search, limit: 100_000, after: null });
    const sign = search.order === 'asc' ? 1 : -1;
    const cmp = (a: SearchPosition, b: SearchPosition) =>
      sign *
      (a.creationDate !== b.creationDate
        ? a.creationDate < b.creationDate
          ? -1
          : 1
        : compareUtf8(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return all
      .sort(cmp)
      .filter((m) => !search.after || cmp(m, search.after) > 0)
      .slice(0, search.limit);
  }
}

/** deleteAlias of an alias that is not set succeeds silently (and records an event). */
export class SilentDeleteAliasMetadata extends MemoryMetadataV2 {
  override async deleteAlias(taskId: string, alias: string, stamp: ChangeStamp) {
    if (!this.store.tasks.has(taskId)) return super.deleteAlias(taskId, alias, stamp);
    this.removeAlias(taskId, alias, stamp);
  }
}

/** getAliasEvents lists only the history of the aliases set now: a removed alias's history is lost. */
export class SetAliasesOnlyEventsMetadata extends MemoryMetadataV2 {
  override async getAliasEvents(taskId: string) {
    const set = new Set((await this.getAliases(taskId)).map((a) => a.alias));
    return (await super.getAliasEvents(taskId)).filter((e) => set.has(e.alias));
  }
}

/** importAliasEvents writes the entries before checking the last targets: a failed import leaves them. */
export class NonAtomicImportMetadata extends MemoryMetadataV2 {
  override async importAliasEvents(taskId: string, events: AliasEvent[]) {
    if (this.store.tasks.has(taskId))
      for (const event of events) this.store.history.push(structuredClone(event));
    await super.importAliasEvents(taskId, events);
    // it succeeded: the entries were appended twice
    this.store.history.splice(this.store.history.length - events.length, events.length);
  }
}

/** importAliasEvents leaves an alias set when its last imported entry removes it. */
export class ImportKeepsRemovedAliasMetadata extends MemoryMetadataV2 {
  override async importAliasEvents(taskId: string, events: AliasEvent[]) {
    const before = new Map(this.store.aliases);
    await super.importAliasEvents(taskId, events);
    for (const [key, alias] of before)
      if (!this.store.aliases.has(key)) this.store.aliases.set(key, alias);
  }
}
