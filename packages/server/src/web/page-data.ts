import type { Ebonite, JsonValue, Model, Task } from '@ebonite/core';
import type { AliasView } from './pages/task-page.js';

/** A task's aliases with their histories, model ids shown as the models' names. */
export async function aliasViews(client: Ebonite, task: Task): Promise<AliasView[]> {
  const names = new Map<string, string>();
  const nameOf = async (id: string | null): Promise<string | null> => {
    if (id === null) return null;
    let name = names.get(id);
    if (name === undefined) {
      name = (await client.meta.getModelById(id))?.name ?? `${id} (deleted)`;
      names.set(id, name);
    }
    return name;
  };
  // One read of the task's whole alias history (grouped by alias, oldest first) for every alias.
  const [aliases, events] = await Promise.all([
    client.getAliases(task),
    client.meta.getAliasEvents(task.id),
  ]);
  return Promise.all(
    aliases.map(async (a) => ({
      alias: a.alias,
      modelName: a.modelName,
      updatedAt: a.updatedAt,
      author: a.author,
      history: await Promise.all(
        events
          .filter((e) => e.alias === a.alias)
          .reverse()
          .map(async (e) => ({
            at: e.at,
            author: e.author,
            from: await nameOf(e.previousModelId),
            to: await nameOf(e.modelId),
          })),
      ),
    })),
  );
}

/** `param:k` / `tag:k` keys whose values on these models are numbers. */
export function numericKeys(models: readonly Model[]): string[] {
  const keys = new Set<string>();
  for (const m of models) {
    for (const [k, v] of Object.entries(m.params))
      if (typeof v === 'number') keys.add(`param:${k}`);
    for (const [k, v] of Object.entries(m.tags ?? {}))
      if (v.trim() !== '' && Number.isFinite(Number(v))) keys.add(`tag:${k}`);
  }
  return [...keys].sort();
}

/** The value of `param:k` or `tag:k` on a model as a number, or undefined when it is not one. */
export function numericValue(model: Model, key: string): number | undefined {
  const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const raw: JsonValue | undefined =
    kind === 'param' ? model.params[name] : kind === 'tag' ? model.tags?.[name] : undefined;
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && raw.trim() !== ''
        ? Number(raw)
        : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** The project and task names of task ids, each looked up once per page. */
export class TaskNames {
  readonly #cache = new Map<string, Promise<{ project: string; task: string }>>();
  constructor(readonly client: Ebonite) {}
  of(taskId: string): Promise<{ project: string; task: string }> {
    let found = this.#cache.get(taskId);
    if (!found) {
      found = (async () => {
        const task = await this.client.meta.getTaskById(taskId);
        const project = task && (await this.client.meta.getProjectById(task.projectId));
        return { project: project?.name ?? '?', task: task?.name ?? '?' };
      })();
      this.#cache.set(taskId, found);
    }
    return found;
  }
}
