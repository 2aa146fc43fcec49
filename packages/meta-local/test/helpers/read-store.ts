import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';

/** The state of a local store as its files say, read without the package's code. */
export interface StoreContent {
  generation: number;
  projects: Map<string, ProjectRecord>;
  tasks: Map<string, TaskRecord>;
  models: Map<string, ModelRecord>;
  /** Journal lines applied (header excluded). */
  journalLines: number;
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
    : { generation: 0, projects: [], tasks: [], models: [] };
  const content: StoreContent = {
    generation: doc.generation,
    projects: new Map(doc.projects.map((p: ProjectRecord) => [p.id, p])),
    tasks: new Map(doc.tasks.map((t: TaskRecord) => [t.id, t])),
    models: new Map(doc.models.map((m: ModelRecord) => [m.id, m])),
    journalLines: 0,
  };
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
    const records = content[`${entry.kind as 'project' | 'task' | 'model'}s`] as Map<
      string,
      unknown
    >;
    if (entry.op === 'put') records.set(entry.record.id, entry.record);
    else removeWithChildren(content, entry.kind, entry.id);
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
    content.tasks.delete(id);
  } else {
    content.models.delete(id);
  }
}
