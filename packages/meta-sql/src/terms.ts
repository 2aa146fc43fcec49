import { createHash } from 'node:crypto';
import type { JsonScalar } from '@ebonite/core/plugin';

/**
 * A search term as stored: its key (`t:` tag, `p:` param), value and their hash: the whole SHA-256
 * (256 bits, so that no two terms ever share one), which the searches compare alone. A filter on the
 * hash alone keeps the planner's row estimates right (with key and value compared too, PostgreSQL
 * took the three conditions for independent, expected a handful of rows, and sorted all the matches
 * instead of reading the index in order: 163 ms instead of 0.4 ms for a tag held by 10,000 models).
 */
export interface Term {
  term_key: string;
  term_value: string;
  term_hash: string;
}

/** The term of one tag or one param (`value` is the param's JSON). */
export function term(kind: 't' | 'p', key: string, value: string): Term {
  const term_key = `${kind}:${key}`;
  const term_hash = createHash('sha256')
    .update(term_key)
    .update('\u0000')
    .update(value)
    .digest('hex');
  return { term_key, term_value: value, term_hash };
}

/** The terms of tags. */
export function tagTerms(tags: Record<string, string>): Term[] {
  return Object.entries(tags).map(([key, value]) => term('t', key, value));
}

/** The terms of a model's top-level scalar params (what a search's `params` filter compares). */
export function paramTerms(params: unknown): Term[] {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return [];
  const terms: Term[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      terms.push(term('p', key, JSON.stringify(value as JsonScalar)));
  }
  return terms;
}
