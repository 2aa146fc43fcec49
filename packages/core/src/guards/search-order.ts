import { compareUtf8 } from '../kit/compare-utf8.js';
import type { ModelRecord, ModelSearch, SearchPosition } from '../objects/records.js';

/**
 * Compares two models' positions in a search's order: by (creationDate, id), or with `orderBy: 'name'`
 * by (name as UTF-8 bytes, creationDate, id); every part ascending or, with `order: 'desc'`, descending.
 */
export function compareSearchPositions(
  a: SearchPosition,
  b: SearchPosition,
  { orderBy, order }: Pick<ModelSearch, 'orderBy' | 'order'>,
): number {
  const ascending =
    (orderBy === 'name' ? compareUtf8(a.name, b.name) : 0) ||
    compareUtf8(a.creationDate, b.creationDate) ||
    compareUtf8(a.id, b.id);
  return order === 'asc' ? ascending : -ascending;
}

/** Whether a model matches every filter of a search (not its position). */
export function matchesSearch(model: ModelRecord, search: ModelSearch): boolean {
  if (search.taskId !== null && model.taskId !== search.taskId) return false;
  if (search.namePrefix !== null && !model.name.startsWith(search.namePrefix)) return false;
  if (search.author !== null && model.author !== search.author) return false;
  if (search.createdAfter !== null && compareUtf8(model.creationDate, search.createdAfter) < 0)
    return false;
  if (search.createdBefore !== null && compareUtf8(model.creationDate, search.createdBefore) >= 0)
    return false;
  const tags = model.tags ?? {};
  for (const [key, value] of Object.entries(search.tags))
    if (!Object.hasOwn(tags, key) || tags[key] !== value) return false;
  for (const [key, value] of Object.entries(search.params))
    if (!Object.hasOwn(model.params, key) || model.params[key] !== value) return false;
  return true;
}

/** The position of a model in a search's order. */
export function positionOf(model: ModelRecord): SearchPosition {
  return { name: model.name, creationDate: model.creationDate, id: model.id };
}
