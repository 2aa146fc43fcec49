import type { ModelSearch } from '@ebonite/core/plugin';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { TableNames } from './tables.js';
import { term } from './terms.js';
import type { SqlDialectName } from './url.js';

/**
 * The smallest string above every string that starts with `prefix`, in UTF-8 byte order (which is
 * code point order): the prefix with its last code point raised by one (U+D7FF goes to U+E000, the
 * surrogates being no characters); a trailing U+10FFFF is dropped first. Null when there is none.
 */
export function prefixEnd(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}

/** `(a, b, c) op (x, y, z)`, spelled out for MySQL/MariaDB, whose optimizer ranges only the plain form. */
function keysetAfter(
  dialect: SqlDialectName,
  columns: string[],
  op: '<' | '>',
  values: unknown[],
): Expression<SqlBool> {
  if (dialect !== 'mysql')
    return sql<SqlBool>`(${sql.join(columns.map((c) => sql.ref(c)))}) ${sql.raw(op)} (${sql.join(values)})`;
  const build = (i: number): ReturnType<typeof sql<SqlBool>> =>
    i === columns.length - 1
      ? sql<SqlBool>`${sql.ref(columns[i] as string)} ${sql.raw(op)} ${values[i]}`
      : sql<SqlBool>`(${sql.ref(columns[i] as string)} ${sql.raw(op)} ${values[i]} or (${sql.ref(columns[i] as string)} = ${values[i]} and ${build(i + 1)}))`;
  return build(0);
}

/**
 * The query of one keyset page. With a tag or param filter it is driven by the first one's terms
 * (index `(term_hash, creation_date, model_id)` or `(term_hash, name, creation_date, model_id)`: the
 * page is a range of it, read in order), every other term an EXISTS probe of the primary key
 * `(model_id, term_key)`; terms are compared by their hash alone (see terms.ts); without, by the
 * models' own indexes. `after` is a row-value comparison on the sort key, so a page deep in the
 * results costs what the first does.
 */
export function searchQuery(
  db: Kysely<any>,
  t: TableNames,
  dialect: SqlDialectName,
  q: ModelSearch,
) {
  const terms = [
    ...Object.entries(q.tags).map(([key, value]) => term('t', key, value)),
    ...Object.entries(q.params).map(([key, value]) => term('p', key, JSON.stringify(value))),
  ];
  const [driver, ...probes] = terms;
  // the columns the order and the range read: the driving term's copies, or the model's own
  const k = driver ? 'd' : 'm';
  const idColumn = driver ? 'd.model_id' : 'm.id';
  // a task's names are unique: in name order, the name alone is the key (the (task_id, name) index)
  const nameOnly = q.orderBy === 'name' && q.taskId !== null && !driver;
  const key =
    q.orderBy === 'name'
      ? nameOnly
        ? [`${k}.name`]
        : [`${k}.name`, `${k}.creation_date`, idColumn]
      : [`${k}.creation_date`, idColumn];
  let query = driver
    ? db
        .selectFrom(`${t.modelTerms} as d`)
        .innerJoin(`${t.models} as m`, 'm.id', 'd.model_id')
        .where('d.term_hash', '=', driver.term_hash)
    : db.selectFrom(`${t.models} as m`);
  for (const probe of probes)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(`${t.modelTerms} as x`)
          .select(sql`1`.as('one'))
          .whereRef('x.model_id', '=', 'm.id')
          .where('x.term_key', '=', probe.term_key)
          .where('x.term_hash', '=', probe.term_hash),
      ),
    );
  if (q.taskId !== null) query = query.where('m.task_id', '=', q.taskId);
  if (q.projectId !== null) query = query.where('m.project_id', '=', q.projectId);
  if (q.namePrefix !== null && q.namePrefix !== '') {
    query = query.where(`${k}.name`, '>=', q.namePrefix);
    const end = prefixEnd(q.namePrefix);
    if (end !== null) query = query.where(`${k}.name`, '<', end);
  }
  if (q.author !== null) query = query.where('m.author', '=', q.author);
  if (q.createdAfter !== null) query = query.where(`${k}.creation_date`, '>=', q.createdAfter);
  if (q.createdBefore !== null) query = query.where(`${k}.creation_date`, '<', q.createdBefore);
  if (q.after !== null) {
    const { name, creationDate, id } = q.after;
    const values =
      q.orderBy === 'name' ? (nameOnly ? [name] : [name, creationDate, id]) : [creationDate, id];
    query = query.where(keysetAfter(dialect, key, q.order === 'asc' ? '>' : '<', values));
  }
  for (const column of key) query = query.orderBy(column, q.order);
  return query.selectAll('m').limit(q.limit);
}
