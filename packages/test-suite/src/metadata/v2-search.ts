import {
  compareUtf8,
  type JsonScalar,
  type ModelRecord,
  type ModelSearch,
  modelSearch,
  type SearchPosition,
} from '@ebonite/core/plugin';
import { expect } from 'vitest';
import type { CheckGroup } from '../check.js';
import { taskRecord } from '../fixtures.js';
import { uniqueName } from '../random-names.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { type MetadataScope, withMetadata } from './scope.js';
import { newModel } from './v2-helpers.js';

/** A search with every field at its default: no filter, newest first, 100 per page. */
export const search: (fields: Partial<ModelSearch>) => ModelSearch = modelSearch;

/** Compares two models in a search's order (ascending; the caller flips it for `desc`). */
function compareKey(orderBy: ModelSearch['orderBy'], a: SearchPosition, b: SearchPosition) {
  const byName = orderBy === 'name' ? compareUtf8(a.name, b.name) : 0;
  if (byName !== 0) return byName;
  if (a.creationDate !== b.creationDate) return a.creationDate < b.creationDate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The reference: what a search must return, by filtering and sorting in plain JavaScript (names by
 * their UTF-8 bytes through compareUtf8), then taking the models strictly after `after`.
 */
export function referenceSearch(
  models: ModelRecord[],
  projectOf: Map<string, string>,
  q: ModelSearch,
): ModelRecord[] {
  const sign = q.order === 'asc' ? 1 : -1;
  const matches = (m: ModelRecord) =>
    (q.projectId === null || projectOf.get(m.taskId) === q.projectId) &&
    (q.taskId === null || m.taskId === q.taskId) &&
    (q.namePrefix === null || m.name.startsWith(q.namePrefix)) &&
    Object.entries(q.tags).every(([k, v]) => Object.hasOwn(m.tags ?? {}, k) && m.tags?.[k] === v) &&
    Object.entries(q.params).every(
      ([k, v]) => Object.hasOwn(m.params, k) && (m.params[k] as JsonScalar) === v,
    ) &&
    (q.author === null || m.author === q.author) &&
    (q.createdAfter === null || m.creationDate >= q.createdAfter) &&
    (q.createdBefore === null || m.creationDate < q.createdBefore);
  return models
    .filter(matches)
    .filter((m) => q.after === null || sign * compareKey(q.orderBy, m, q.after) > 0)
    .sort((a, b) => sign * compareKey(q.orderBy, a, b))
    .slice(0, q.limit);
}

const position = (m: ModelRecord): SearchPosition => ({
  name: m.name,
  creationDate: m.creationDate,
  id: m.id,
});

const show = (q: ModelSearch) =>
  JSON.stringify({ ...q, after: q.after && position(q.after as ModelRecord) });

/** Names that sort differently by UTF-16 units, by code points folded by case, and by UTF-8 bytes. */
const NAMES = [
  'a',
  'a%',
  'a%b',
  'a_b',
  'ab',
  'aXb',
  'a|b', // not a backslash: names cannot hold one (the core refuses it before a repository sees it)
  "o'neil",
  'say "hi"',
  'A',
  'Z',
  'zz',
  'é',
  'e\u0301',
  'e',
  '中文',
  '😀',
  '😀x',
  '\uE000',
  '\uE000z',
  'model-1',
  'model_1',
  'model%1',
  'model 1',
  'v1',
  'v10',
  'v2',
  '\u{10FFFD}',
];
const LRS: (JsonScalar | undefined)[] = [0.01, '0.01', 0.1, 1, true, 'true', null, undefined];

/** The fixed dataset: two projects, three tasks, names, tags, params, authors and tied creation dates. */
async function dataset(s: MetadataScope) {
  const repo = s.v2;
  const run = uniqueName('run');
  const p = await s.project();
  const q = await s.project();
  const t1 = await repo.createTask({ ...taskRecord(p.id), tags: {} });
  const t2 = await repo.createTask({ ...taskRecord(p.id), tags: {} });
  const t3 = await repo.createTask({ ...taskRecord(q.id), tags: {} });
  const projectOf = new Map([
    [t1.id, p.id],
    [t2.id, p.id],
    [t3.id, q.id],
  ]);
  const base = Date.UTC(2021, 0, 1);
  const dates = Array.from({ length: 20 }, (_, k) => new Date(base + k * 60_000).toISOString());
  const models: ModelRecord[] = [];
  let i = 0;
  const place = [
    ...NAMES.map((name) => [t1.id, name] as const),
    ...NAMES.filter((_, k) => k % 3 === 0).map((name) => [t2.id, name] as const),
    ...NAMES.filter((_, k) => k % 4 === 1).map((name) => [t3.id, name] as const),
  ];
  for (const [taskId, name] of place) {
    const lr = LRS[i % LRS.length];
    const params = { arch: i % 2 ? 'resnet' : 'vit', ...(lr === undefined ? {} : { lr }) };
    const tags: Record<string, string> = { run, stage: ['prod', 'dev', 'prod'][i % 3]! };
    if (i % 4 !== 3) tags.team = ['x%', 'x_', 'xy'][i % 4]!;
    if (i % 5 === 0) tags['ключ'] = '中 😀';
    models.push(
      await repo.createModel(
        newModel(taskId, name, {
          author: ['ann', 'bob', "o'hara"][i % 3]!,
          // ties: three models share each creation date, and ids break them
          creationDate: dates[Math.floor(i / 3) % dates.length]!,
          params,
          tags,
        }),
      ),
    );
    i++;
  }
  return { run, p, q, t1, t2, t3, projectOf, models, dates };
}

/** Pages through `q` by `after` with page size `limit`, comparing each page with the reference. */
async function expectPages(
  s: MetadataScope,
  models: ModelRecord[],
  projectOf: Map<string, string>,
  q: ModelSearch,
): Promise<number> {
  let after: SearchPosition | null = null;
  let seen = 0;
  for (let page = 0; page < 200; page++) {
    const query = { ...q, after };
    const expected = referenceSearch(models, projectOf, query);
    const got = await s.v2.searchModels(query);
    expect(
      got.map((m) => m.name),
      `page ${page} of ${show(query)}`,
    ).toEqual(expected.map((m) => m.name));
    expect(got, `page ${page} of ${show(query)}: the records`).toEqual(expected);
    seen += got.length;
    if (got.length < q.limit) return seen;
    after = position(got.at(-1)!);
  }
  throw new Error(`${show(q)} never ended`);
}

/** Keyset search of contract v2 (skipped on a v1 repository). */
export const searchChecks: CheckGroup<MetadataRepositoryTestOptions> = {
  name: 'search (v2)',
  checks: [
    {
      name: 'every query of the fixed list returns exactly the pages of the reference, page by page via after',
      timeout: 120_000,
      run: (o) =>
        withMetadata(o, async (s) => {
          const { run, p, t1, t2, models, projectOf, dates } = await dataset(s);
          const filters: Partial<ModelSearch>[] = [
            { taskId: t1.id },
            { taskId: t2.id },
            { projectId: p.id },
            { tags: { run } },
            { tags: { run }, namePrefix: 'a%' },
            { taskId: t1.id, namePrefix: 'a_' },
            { taskId: t1.id, namePrefix: 'a' },
            { projectId: p.id, namePrefix: 'A' },
            { tags: { run }, namePrefix: "o'" },
            { tags: { run }, namePrefix: 'say "' },
            { tags: { run }, namePrefix: 'a\\' },
            { tags: { run }, namePrefix: '😀' },
            { tags: { run }, namePrefix: '\uE000' },
            { tags: { run }, namePrefix: 'e' },
            { tags: { run }, namePrefix: 'é' },
            { tags: { run }, namePrefix: '中' },
            { tags: { run }, namePrefix: 'model%' },
            { tags: { run }, namePrefix: 'model_' },
            { tags: { run }, namePrefix: 'v1' },
            { tags: { run }, namePrefix: '\u{10FFFD}' },
            { taskId: t1.id, namePrefix: 'no-such-name' },
            { tags: { run, stage: 'prod' } },
            { tags: { run, team: 'x%' } },
            { tags: { run, team: 'x_' } },
            { tags: { run, ключ: '中 😀' }, projectId: p.id },
            { tags: { run, stage: 'prod', team: 'xy' } },
            { tags: { run, absent: 'x' } },
            { tags: { run }, params: { lr: 0.01 } },
            { tags: { run }, params: { lr: '0.01' } },
            { tags: { run }, params: { lr: true } },
            { tags: { run }, params: { lr: 'true' } },
            { tags: { run }, params: { lr: null } },
            { tags: { run }, params: { lr: 1, arch: 'resnet' } },
            { taskId: t1.id, params: { arch: 'vit' } },
            { tags: { run }, author: "o'hara" },
            { tags: { run }, createdAfter: dates[2]!, createdBefore: dates[6]! },
            { projectId: p.id, createdAfter: dates[5]! },
            { tags: { run, stage: 'dev' }, createdBefore: dates[4]!, author: 'bob' },
          ];
          let nonEmpty = 0;
          for (const filter of filters) {
            for (const orderBy of ['creationDate', 'name'] as const)
              for (const order of ['desc', 'asc'] as const) {
                const q = search({ ...filter, orderBy, order, limit: 4 });
                if ((await expectPages(s, models, projectOf, q)) > 0) nonEmpty++;
              }
          }
          expect(nonEmpty, 'most queries have results').toBeGreaterThan(100);
          // one page of everything, and pages of one
          await expectPages(s, models, projectOf, search({ tags: { run }, limit: 1000 }));
          await expectPages(
            s,
            models,
            projectOf,
            search({ taskId: t1.id, orderBy: 'name', order: 'asc', limit: 1 }),
          );
        }),
    },
    {
      name: 'a keyset page neither skips nor repeats models created or deleted while paging',
      run: (o) =>
        withMetadata(o, async (s) => {
          const repo = s.v2;
          const project = await s.project();
          const task = await repo.createTask({ ...taskRecord(project.id), tags: {} });
          const at = (minute: number) => new Date(Date.UTC(2022, 0, 1, 0, minute)).toISOString();
          for (let k = 0; k < 6; k++)
            await repo.createModel(newModel(task.id, `m${k}`, { creationDate: at(k * 10) }));
          const q = search({ taskId: task.id, order: 'asc', limit: 3 });
          const first = await repo.searchModels(q);
          expect(first.map((m) => m.name)).toEqual(['m0', 'm1', 'm2']);
          await repo.createModel(newModel(task.id, 'before', { creationDate: at(5) }));
          await repo.createModel(newModel(task.id, 'after', { creationDate: at(25) }));
          await repo.deleteModel(first[2]!.id);
          const second = await repo.searchModels({ ...q, after: position(first[2]!) });
          expect(
            second.map((m) => m.name),
            'the next page',
          ).toEqual(['after', 'm3', 'm4']);
          const third = await repo.searchModels({ ...q, after: position(second[2]!) });
          expect(
            third.map((m) => m.name),
            'the last page',
          ).toEqual(['m5']);
        }),
    },
  ],
};
