import { InvalidInputError } from '@ebonite/core';
import type { JsonScalar } from '@ebonite/core/plugin';

/** A search box's text, as filters. */
export interface SearchText {
  namePrefix?: string;
  tags: Record<string, string>;
  params: Record<string, JsonScalar>;
}

/** Words, where `"..."` keeps spaces inside one word (`tag:owner="Ada L"`). */
const WORD = /(?:[^\s"]+|"[^"]*")+/g;

/**
 * Parses the search box: `tag:key=value` and `param:key=value` filter, every other word is part of the
 * name prefix (joined by single spaces). A param's value is read as JSON when it is a JSON scalar
 * (`0.01`, `true`, `null`, `"1"`), else as a string. Throws `InvalidInputError` for `tag:` or `param:`
 * without `key=`.
 */
export function parseSearchText(text: string): SearchText {
  const out: SearchText = { tags: {}, params: {} };
  const prefix: string[] = [];
  for (const raw of text.match(WORD) ?? []) {
    const kind = /^(tag|param):/.exec(raw)?.[1];
    if (!kind) {
      prefix.push(unquote(raw));
      continue;
    }
    const rest = raw.slice(kind.length + 1);
    const eq = rest.indexOf('=');
    if (eq <= 0)
      throw new InvalidInputError(
        `"${raw}" is not a filter: write ${kind}:key=value (quote a value with spaces: ${kind}:key="a b").`,
      );
    const key = unquote(rest.slice(0, eq));
    const value = unquote(rest.slice(eq + 1));
    if (kind === 'tag') out.tags[key] = value;
    else out.params[key] = scalar(rest.slice(eq + 1));
  }
  if (prefix.length > 0) out.namePrefix = prefix.join(' ');
  return out;
}

function unquote(word: string): string {
  return word.replace(/"/g, '');
}

function scalar(raw: string): JsonScalar {
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      return value as JsonScalar;
  } catch {}
  return unquote(raw);
}
