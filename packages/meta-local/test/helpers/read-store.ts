import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  AliasEvent,
  AliasRecord,
  ModelRecord,
  ProjectRecord,
  TaskRecord,
} from '@ebonite/core/plugin';

/** The state of a local store as its files say, read without the package's code. */
export interface StoreContent {
  generation: number;
  projects: Map<string, ProjectRecord>;
  tasks: Map<string, TaskRecord>;
  models: Map<string, ModelRecord>;
  /** Each task's last version number: metadata.json's `versions`, raised by every model's version. */
  versions: Map<string, number>;
  /** The aliases set, by `<taskId> <alias>`. */
  aliases: Map<string, AliasRecord>;
  /** Every alias event, in the order recorded (per alias). */
  aliasHistory: AliasEvent[];
  /** metadata.json's format version (0 when there is none). */
  format: number;
  /** Journal lines applied (header excluded). */
  journalLines: number;
}

const aliasKey = (taskId: string, alias: string) => `${taskId} ${alias}`;

function recordEvent(content: StoreContent, event: AliasEvent): void {
  const key = aliasKey(event.taskId, event.alias);
  if (event.modelId === null) content.aliases.delete(key);
  else
    content.aliases.set(key, {
      taskId: event.taskId,
      alias: event.alias,
      modelId: event.modelId,
      updatedAt: event.at,
      author: event.author,
    });
  content.aliasHistory.push(event);
}

function putModel(content: StoreContent, model: ModelRecord): void {
  content.models.set(model.id, model);
  if (typeof model.version === 'number')
    content.versions.set(
      model.taskId,
      Math.max(model.version, content.versions.get(model.taskId) ?? 0),
    );
}

/**
 * Parses `<folder>/metadata.json` and replays `<folder>/metadata.journal` on it, independently of the
 * package: the journal counts only when its header names the metadata.json generation, a last line
 * without a newline (torn by a crash) is skipped, and so is every line the fencing rejects (a repeated
 * or skipped `seq`, anything after a seal).
 */
export function readStore(folder: string): StoreContent {
  const file = path.join(folder, 'metadata.json');
  const journal = path.join(folder, 'metadata.journal');
  const doc = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { generation: 0, version: 0, projects: [], tasks: [], models: [] };
  const content: StoreContent = {
    generation: doc.generation,
    projects: new Map(doc.projects.map((p: ProjectRecord) => [p.id, p])),
    tasks: new Map(doc.tasks.map((t: TaskRecord) => [t.id, t])),
    models: new Map(),
    versions: new Map(Object.entries(doc.versions ?? {})),
    aliases: new Map((doc.aliases ?? []).map((a: AliasRecord) => [aliasKey(a.taskId, a.alias), a])),
    aliasHistory: [...(doc.aliasHistory ?? [])],
    format: doc.version,
    journalLines: 0,
  };
  for (const model of doc.models) putModel(content, model);
  if (!existsSync(journal)) return content;
  const lines = readFileSync(journal, 'utf8').split('\n').slice(0, -1); // the part after the last newline is torn
  const [header, ...entries] = lines;
  if (header === undefined || JSON.parse(header).generation !== doc.generation) return content;
  let seq = 0;
  let sealed = false;
  for (const line of entries) {
    const entry = JSON.parse(line);
    // fencing: only the first line of each sequence number counts, and none after a seal
    if (sealed || (entry.seq !== undefined && entry.seq !== seq + 1)) continue;
    seq++;
    if (entry.op === 'seal') {
      sealed = true;
      continue;
    }
    content.journalLines++;
    if (entry.op === 'alias') {
      recordEvent(content, entry.event);
      continue;
    }
    if (entry.op === 'clear') {
      for (const id of [...content.projects.keys()]) removeWithChildren(content, 'project', id);
      content.versions.clear();
      continue;
    }
    if (entry.op === 'put' && entry.kind === 'model') putModel(content, entry.record);
    else if (entry.op === 'put')
      (content[`${entry.kind as 'project' | 'task'}s`] as Map<string, unknown>).set(
        entry.record.id,
        entry.record,
      );
    else {
      for (const event of entry.events ?? []) recordEvent(content, event);
      removeWithChildren(content, entry.kind, entry.id);
    }
  }
  return content;
}

function removeWithChildren(content: StoreContent, kind: string, id: string): void {
  if (kind === 'project') {
    for (const task of [...content.tasks.values()])
      if (task.projectId === id) removeWithChildren(content, 'task', task.id);
    content.projects.delete(id);
  } else if (kind === 'task') {
    for (const model of [...content.models.values()])
      if (model.taskId === id) content.models.delete(model.id);
    for (const [key, alias] of [...content.aliases])
      if (alias.taskId === id) content.aliases.delete(key);
    content.aliasHistory = content.aliasHistory.filter((e) => e.taskId !== id);
    content.versions.delete(id);
    content.tasks.delete(id);
  } else {
    content.models.delete(id);
  }
}
