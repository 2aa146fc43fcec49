import { type AliasEvent, type AliasRecord, compareUtf8 } from '@ebonite/core/plugin';

const byAlias = (a: AliasRecord, b: AliasRecord) => compareUtf8(a.alias, b.alias);

function nested<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  const inner = map.get(key);
  if (inner) return inner;
  const made = new Map<string, V>();
  map.set(key, made);
  return made;
}

/**
 * The aliases of every task, their append-only history, and which aliases point at each model (so
 * that a model delete checks its aliases in O(1)). It applies events as given: the repository checks
 * the rules (the task and the model exist, the model is in the task) before it builds one.
 */
export class AliasBook {
  /** taskId -> alias -> the alias as set. */
  readonly #aliases = new Map<string, Map<string, AliasRecord>>();
  /** taskId -> alias -> its events, in the order they were recorded. */
  readonly #history = new Map<string, Map<string, AliasEvent[]>>();
  /** modelId -> the aliases pointing at it. */
  readonly #byModel = new Map<string, Set<AliasRecord>>();

  get(taskId: string, alias: string): AliasRecord | undefined {
    return this.#aliases.get(taskId)?.get(alias);
  }

  /** The aliases of a task, sorted by alias (UTF-8 bytes). */
  list(taskId: string): AliasRecord[] {
    return [...(this.#aliases.get(taskId)?.values() ?? [])].sort(byAlias);
  }

  /** The aliases pointing at a model, sorted by alias. */
  ofModel(modelId: string): AliasRecord[] {
    return [...(this.#byModel.get(modelId) ?? [])].sort(byAlias);
  }

  /** Every move of one alias, newest first; ties in `at` by the order they were recorded (last first). */
  history(taskId: string, alias: string): AliasEvent[] {
    const events = [...(this.#history.get(taskId)?.get(alias) ?? [])].reverse();
    // a stable sort of the newest-recorded-first list keeps that order among equal instants
    return events.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));
  }

  /** Every event of every alias of a task: by alias (UTF-8 bytes), each alias's in recorded order. */
  events(taskId: string): AliasEvent[] {
    const byName = this.#history.get(taskId);
    if (!byName) return [];
    return [...byName.keys()].sort(compareUtf8).flatMap((alias) => byName.get(alias)!);
  }

  /** Moves or removes the alias as `event` says, and appends the event to its history. */
  record(event: AliasEvent): void {
    if (event.modelId === null) this.#unset(event.taskId, event.alias);
    else {
      const { taskId, alias, modelId, at, author } = event;
      this.set({ taskId, alias, modelId, updatedAt: at, author });
    }
    this.addHistory(event);
  }

  /** Sets an alias as stored (loading a snapshot: its history comes separately). */
  set(record: AliasRecord): void {
    this.#unset(record.taskId, record.alias);
    nested(this.#aliases, record.taskId).set(record.alias, record);
    const pointing = this.#byModel.get(record.modelId);
    if (pointing) pointing.add(record);
    else this.#byModel.set(record.modelId, new Set([record]));
  }

  /** Appends an event to its alias's history without moving the alias (loading a snapshot). */
  addHistory(event: AliasEvent): void {
    const events = nested(this.#history, event.taskId);
    const list = events.get(event.alias);
    if (list) list.push(event);
    else events.set(event.alias, [event]);
  }

  /** Removes the aliases of a task and their history (the task is deleted). */
  dropTask(taskId: string): void {
    for (const record of this.#aliases.get(taskId)?.values() ?? [])
      this.#unset(taskId, record.alias);
    this.#aliases.delete(taskId);
    this.#history.delete(taskId);
  }

  /** Removes whatever alias still points at a deleted model (none, when the rules were checked). */
  dropModel(modelId: string): void {
    for (const record of [...(this.#byModel.get(modelId) ?? [])])
      this.#unset(record.taskId, record.alias);
  }

  clear(): void {
    this.#aliases.clear();
    this.#history.clear();
    this.#byModel.clear();
  }

  /** The aliases by task and alias, and every history event grouped by task and alias in recorded order. */
  content(): { aliases: AliasRecord[]; aliasHistory: AliasEvent[] } {
    const taskIds = (map: Map<string, unknown>) => [...map.keys()].sort();
    const aliases = taskIds(this.#aliases).flatMap((taskId) => this.list(taskId));
    const aliasHistory = taskIds(this.#history).flatMap((taskId) => {
      const byName = this.#history.get(taskId)!;
      return [...byName.keys()].sort(compareUtf8).flatMap((alias) => byName.get(alias)!);
    });
    return { aliases, aliasHistory };
  }

  #unset(taskId: string, alias: string): void {
    const names = this.#aliases.get(taskId);
    const current = names?.get(alias);
    if (!current) return;
    names!.delete(alias);
    if (names!.size === 0) this.#aliases.delete(taskId);
    const pointing = this.#byModel.get(current.modelId);
    pointing?.delete(current);
    if (pointing?.size === 0) this.#byModel.delete(current.modelId);
  }
}
