import type { ModelSearch } from '../objects/records.js';

/**
 * A {@link ModelSearch} with every field at its default (no filter, newest first, 100 models), then
 * `fields`: the search a repository receives, written out only where it differs.
 */
export function modelSearch(fields: Partial<ModelSearch> = {}): ModelSearch {
  return {
    projectId: null,
    taskId: null,
    namePrefix: null,
    tags: {},
    params: {},
    author: null,
    createdAfter: null,
    createdBefore: null,
    orderBy: 'creationDate',
    order: 'desc',
    limit: 100,
    after: null,
    ...fields,
  };
}
