import { compareUtf8, type ModelRecord, type SearchPosition } from '@ebonite/core/plugin';

/** The part of a model its place in a search order depends on. */
export type OrderKey = Pick<SearchPosition, 'name' | 'creationDate' | 'id'>;

/** Compares two keys in ascending order. */
export type KeyCompare = (a: OrderKey, b: OrderKey) => number;

/** (creationDate, id), both compared as plain strings: ISO 8601 instants and UUIDv7 ids are ASCII. */
export const byCreation: KeyCompare = (a, b) => {
  if (a.creationDate !== b.creationDate) return a.creationDate < b.creationDate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** (name as UTF-8 bytes, creationDate, id). */
export const byName: KeyCompare = (a, b) => compareUtf8(a.name, b.name) || byCreation(a, b);

/**
 * The first index of `list` where `test` holds, `list.length` when nowhere. `test` must be false then
 * true along the list (monotone), so this is a binary search.
 */
export function firstIndex(
  list: readonly ModelRecord[],
  test: (m: ModelRecord) => boolean,
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(list[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Inserts `model` into `list`, kept sorted by `compare`. Appending (the usual case for new models) is O(1). */
export function insertSorted(list: ModelRecord[], model: ModelRecord, compare: KeyCompare): void {
  const last = list[list.length - 1];
  if (last === undefined || compare(last, model) < 0) {
    list.push(model);
    return;
  }
  list.splice(
    firstIndex(list, (m) => compare(m, model) > 0),
    0,
    model,
  );
}

/** Removes the entry with `model`'s key and id from `list`, kept sorted by `compare`. */
export function removeSorted(list: ModelRecord[], model: OrderKey, compare: KeyCompare): void {
  const at = firstIndex(list, (m) => compare(m, model) >= 0);
  if (list[at]?.id === model.id) list.splice(at, 1);
  else {
    // never expected: the key of a stored record does not change while it is indexed
    const index = list.findIndex((m) => m.id === model.id);
    if (index !== -1) list.splice(index, 1);
  }
}
