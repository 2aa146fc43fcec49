import { compareUtf8, type ModelRecord, type ModelSearch } from '@ebonite/core/plugin';
import {
  byCreation,
  byName,
  firstIndex,
  insertSorted,
  type KeyCompare,
  removeSorted,
} from './model-order.js';

type OrderBy = ModelSearch['orderBy'];

/**
 * The models in one search order: all of them, and the same order restricted to each task, each
 * project and each tag (key and value). Each list is a sorted array kept up to date one model at a
 * time (a binary search and a splice; a new model usually goes at the end of the creation order).
 */
class OrderIndex {
  readonly all: ModelRecord[];
  readonly byTask = new Map<string, ModelRecord[]>();
  readonly byProject = new Map<string, ModelRecord[]>();
  readonly byTag = new Map<string, Map<string, ModelRecord[]>>();

  constructor(
    readonly compare: KeyCompare,
    models: Iterable<ModelRecord>,
    projectOf: (taskId: string) => string | undefined,
  ) {
    this.all = [...models].sort(compare);
    // one pass over the sorted list fills every other list already in order
    for (const model of this.all) {
      for (const list of this.#lists(model, projectOf(model.taskId))) list.push(model);
    }
  }

  add(model: ModelRecord, projectId: string | undefined): void {
    insertSorted(this.all, model, this.compare);
    for (const list of this.#lists(model, projectId)) insertSorted(list, model, this.compare);
  }

  remove(model: ModelRecord, projectId: string | undefined): void {
    removeSorted(this.all, model, this.compare);
    const drop = (map: Map<string, ModelRecord[]>, key: string) => {
      const list = map.get(key);
      if (!list) return;
      removeSorted(list, model, this.compare);
      if (list.length === 0) map.delete(key);
    };
    drop(this.byTask, model.taskId);
    if (projectId !== undefined) drop(this.byProject, projectId);
    for (const [key, value] of Object.entries(model.tags ?? {})) {
      const values = this.byTag.get(key);
      if (!values) continue;
      drop(values, value);
      if (values.size === 0) this.byTag.delete(key);
    }
  }

  /** The task, project and tag lists `model` belongs in (created when missing). */
  #lists(model: ModelRecord, projectId: string | undefined): ModelRecord[][] {
    const lists = [listIn(this.byTask, model.taskId)];
    if (projectId !== undefined) lists.push(listIn(this.byProject, projectId));
    for (const [key, value] of Object.entries(model.tags ?? {})) {
      const values = this.byTag.get(key) ?? new Map<string, ModelRecord[]>();
      if (values.size === 0) this.byTag.set(key, values);
      lists.push(listIn(values, value));
    }
    return lists;
  }
}

function listIn(map: Map<string, ModelRecord[]>, key: string): ModelRecord[] {
  const list = map.get(key);
  if (list) return list;
  const made: ModelRecord[] = [];
  map.set(key, made);
  return made;
}

/**
 * The search index of a state's models. A search picks the shortest list that every match must be
 * in (its scope: the task, the project or everything; or one of its tags), seeks by binary search to
 * where the page starts (the cursor, the `createdAfter`/`createdBefore` bounds in creation order, the
 * name prefix in name order) and walks from there, testing the other filters, until the page is full
 * or the range ends. So a page costs the same deep in the results as at the start; the walk is longer
 * only when the filters not used to pick the list are rare within it.
 *
 * Each order's lists are built on the first search in that order (sorting the models once), then kept
 * up to date by every change, so a process that never searches never pays for them.
 */
export class SearchIndex {
  readonly #orders = new Map<OrderBy, OrderIndex>();

  constructor(
    readonly models: ReadonlyMap<string, ModelRecord>,
    readonly projectOf: (taskId: string) => string | undefined,
  ) {}

  /** Indexes a model just stored (its task is in the state). */
  added(model: ModelRecord): void {
    if (this.#orders.size === 0) return; // nothing built yet (loading a store, or never searched)
    const projectId = this.projectOf(model.taskId);
    for (const order of this.#orders.values()) order.add(model, projectId);
  }

  /** Forgets a model about to be removed or replaced; `projectId` is the project it was in. */
  removed(model: ModelRecord, projectId: string | undefined): void {
    for (const order of this.#orders.values()) order.remove(model, projectId);
  }

  search(query: ModelSearch): ModelRecord[] {
    const index = this.#order(query.orderBy);
    const list = this.#shortestList(index, query);
    if (list.length === 0) return [];
    const [lo, hi] = this.#range(list, index.compare, query);
    const found: ModelRecord[] = [];
    const take = (model: ModelRecord) => {
      if (this.#matches(model, query)) found.push(model);
      return found.length >= query.limit;
    };
    if (query.order === 'asc') {
      for (let i = lo; i < hi; i++) if (take(list[i]!)) break;
    } else {
      for (let i = hi - 1; i >= lo; i--) if (take(list[i]!)) break;
    }
    return found;
  }

  #order(orderBy: OrderBy): OrderIndex {
    let order = this.#orders.get(orderBy);
    if (!order) {
      const compare = orderBy === 'name' ? byName : byCreation;
      order = new OrderIndex(compare, this.models.values(), this.projectOf);
      this.#orders.set(orderBy, order);
    }
    return order;
  }

  /** The shortest list that holds every match: the scope's, or a tag's. */
  #shortestList(index: OrderIndex, query: ModelSearch): readonly ModelRecord[] {
    let list: readonly ModelRecord[] = query.taskId
      ? (index.byTask.get(query.taskId) ?? [])
      : query.projectId
        ? (index.byProject.get(query.projectId) ?? [])
        : index.all;
    for (const [key, value] of Object.entries(query.tags)) {
      const tagged = index.byTag.get(key)?.get(value) ?? [];
      if (tagged.length < list.length) list = tagged;
    }
    return list;
  }

  /** The slice [lo, hi) of `list` the page comes from, found by binary searches. */
  #range(list: readonly ModelRecord[], compare: KeyCompare, query: ModelSearch): [number, number] {
    let lo = 0;
    let hi = list.length;
    const { createdAfter, createdBefore, namePrefix, after } = query;
    if (query.orderBy === 'creationDate') {
      if (createdAfter !== null) lo = firstIndex(list, (m) => m.creationDate >= createdAfter);
      if (createdBefore !== null) hi = firstIndex(list, (m) => m.creationDate >= createdBefore);
    } else if (namePrefix !== null) {
      // in UTF-8 order, the names with a prefix come right after the names below it, all together
      lo = firstIndex(list, (m) => compareUtf8(m.name, namePrefix) >= 0);
      hi = firstIndex(
        list,
        (m) => compareUtf8(m.name, namePrefix) > 0 && !m.name.startsWith(namePrefix),
      );
    }
    if (after !== null) {
      if (query.order === 'asc')
        lo = Math.max(
          lo,
          firstIndex(list, (m) => compare(m, after) > 0),
        );
      else
        hi = Math.min(
          hi,
          firstIndex(list, (m) => compare(m, after) >= 0),
        );
    }
    return [lo, hi];
  }

  #matches(model: ModelRecord, query: ModelSearch): boolean {
    if (query.taskId !== null && model.taskId !== query.taskId) return false;
    if (query.projectId !== null && this.projectOf(model.taskId) !== query.projectId) return false;
    if (query.namePrefix !== null && !model.name.startsWith(query.namePrefix)) return false;
    if (query.author !== null && model.author !== query.author) return false;
    if (query.createdAfter !== null && model.creationDate < query.createdAfter) return false;
    if (query.createdBefore !== null && model.creationDate >= query.createdBefore) return false;
    const tags = model.tags ?? {};
    for (const [key, value] of Object.entries(query.tags)) {
      if (!Object.hasOwn(tags, key) || tags[key] !== value) return false;
    }
    const params = typeof model.params === 'object' && model.params !== null ? model.params : {};
    for (const [key, value] of Object.entries(query.params)) {
      if (!Object.hasOwn(params, key) || params[key] !== value) return false;
    }
    return true;
  }
}
