import { InvalidInputError, type JsonScalar, type ModelQuery } from '@ebonite/core';

const SINGLE = [
  'project',
  'task',
  'namePrefix',
  'author',
  'createdAfter',
  'createdBefore',
  'orderBy',
  'order',
  'limit',
  'cursor',
] as const;
const KNOWN = new Set<string>([...SINGLE, 'tag', 'param']);

/**
 * Parses `?project=&task=&namePrefix=&tag=k=v&param=k=v&author=&createdAfter=&createdBefore=&orderBy=
 * &order=&limit=&cursor=` (`tag` and `param` repeatable; a `param` value is JSON when it parses as a
 * JSON scalar, else the string as given). The core checks the values; this only shapes them.
 */
export function parseSearchQuery(query: unknown): ModelQuery {
  const q = (query ?? {}) as Record<string, string | string[] | undefined>;
  for (const key of Object.keys(q))
    if (!KNOWN.has(key))
      throw new InvalidInputError(
        `Unknown search parameter "${key}": use ${[...KNOWN].map((k) => `${k}=`).join(', ')}.`,
      );
  const out: ModelQuery = {};
  for (const key of SINGLE) {
    const value = q[key];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new InvalidInputError(`?${key}= must be given once, as a string.`);
    if (key === 'limit') out.limit = wholeNumber(value);
    else (out as Record<string, string>)[key] = value;
  }
  const tags = pairs(q.tag, 'tag');
  if (tags) out.tags = Object.fromEntries(tags);
  const params = pairs(q.param, 'param');
  if (params) out.params = Object.fromEntries(params.map(([k, v]) => [k, scalar(v)]));
  return out;
}

/** `k=v` items split at the first `=`: the key before it, the value after (possibly empty). */
export function pairs(
  values: string | string[] | undefined,
  what: string,
): Array<[string, string]> | undefined {
  if (values === undefined) return undefined;
  return [values].flat().map((item) => {
    const at = item.indexOf('=');
    if (at <= 0)
      throw new InvalidInputError(
        `A ${what} filter is key=value, not ${JSON.stringify(item)} (the key cannot be empty).`,
      );
    return [item.slice(0, at), item.slice(at + 1)];
  });
}

/** A `param` value: the JSON scalar it spells (`0.01`, `true`, `null`, `"text"`), else the text itself. */
export function scalar(text: string): JsonScalar {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      return value as JsonScalar;
  } catch {
    // not JSON: the text itself
  }
  return text;
}

function wholeNumber(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n))
    throw new InvalidInputError(`?limit= takes a whole number, not ${JSON.stringify(text)}.`);
  return n;
}
