import {
  ArtifactNameSet,
  artifactNameProblem,
  nameProblem,
  safeArtifactPathProblem,
} from './names.js';
import { tagsProblem } from './tags.js';

/** How deeply `params` (and a wrapper's record) may nest objects and arrays. */
export const MAX_JSON_DEPTH = 32;
/** The longest author string, in UTF-16 code units. */
export const MAX_AUTHOR_LENGTH = 255;

const DIGEST = /^sha256:[0-9a-f]{64}$/;
// A UTC ISO 8601 instant as `Date.prototype.toISOString` writes it (fractional seconds optional).
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not plain JSON that survives `JSON.stringify` / `JSON.parse` unchanged, or undefined.
 * Refused: `undefined`, functions, symbols, BigInt, non-finite numbers, Dates, Maps, class instances,
 * cycles, symbol keys and nesting deeper than {@link MAX_JSON_DEPTH}. `where` names the value in the message.
 */
export function jsonProblem(value: unknown, where: string): string | undefined {
  const ancestors: unknown[] = [];
  const visit = (v: unknown, path: string): string | undefined => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return undefined;
      case 'number':
        return Number.isFinite(v) ? undefined : `${path} is ${v}, which JSON cannot hold`;
      case 'object':
        break;
      default:
        return `${path} is ${kindOf(v)}, which JSON cannot hold`;
    }
    if (v === null) return undefined;
    if (ancestors.includes(v)) return `${path} refers back to itself (a cycle)`;
    if (ancestors.length >= MAX_JSON_DEPTH)
      return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (!Array.isArray(v) && !isPlainObject(v))
      return `${path} is ${kindOf(v)}; convert it to plain JSON first (a Date to an ISO string, a Map to an object)`;
    if (Object.getOwnPropertySymbols(v).length) return `${path} has symbol keys`;
    ancestors.push(v);
    try {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const problem = visit(v[i], `${path}[${i}]`);
          if (problem) return problem;
        }
        return undefined;
      }
      for (const key of Object.keys(v)) {
        const problem = visit(v[key], `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    } finally {
      ancestors.pop();
    }
  };
  return visit(value, where);
}

/** Why `value` is not a plain JSON object (see {@link jsonProblem}), or undefined. */
export function jsonObjectProblem(value: unknown, where: string): string | undefined {
  if (!isPlainObject(value)) return `${where} must be a plain JSON object, not ${kindOf(value)}`;
  return jsonProblem(value, where);
}

function stringProblem(value: unknown, where: string, maxLength?: number): string | undefined {
  if (typeof value !== 'string') return `${where} must be a string, not ${kindOf(value)}`;
  if (maxLength !== undefined && value.length > maxLength)
    return `${where} is longer than ${maxLength} characters`;
  return undefined;
}

function authorProblem(value: unknown): string | undefined {
  return stringProblem(value, 'author', MAX_AUTHOR_LENGTH);
}

function dateProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_UTC.test(value) || Number.isNaN(Date.parse(value)))
    return `creationDate must be a UTC ISO 8601 string such as "2026-01-31T12:00:00.000Z", not ${JSON.stringify(value) ?? kindOf(value)}`;
  return undefined;
}

function idProblem(value: unknown, field: string): string | undefined {
  const problem = nameProblem(value);
  return problem ? `${field} is not a valid id (${problem})` : undefined;
}

/** Why `value` is not a valid requirements list (`[{ package, version? }]`), or undefined. */
export function requirementsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value))
    return `requirements must be an array of { package, version? }, not ${kindOf(value)}`;
  for (let i = 0; i < value.length; i++) {
    const r = value[i] as Record<string, unknown>;
    if (!isPlainObject(r))
      return `requirements[${i}] must be an object { package, version? }, not ${kindOf(r)}`;
    if (typeof r.package !== 'string' || r.package.length === 0)
      return `requirements[${i}].package must be a non-empty string`;
    if (r.version !== undefined && typeof r.version !== 'string')
      return `requirements[${i}].version must be a string when given`;
    const extra = Object.keys(r).find((k) => k !== 'package' && k !== 'version');
    if (extra !== undefined) return `requirements[${i}] has an unknown field "${extra}"`;
  }
  return undefined;
}

/**
 * Why `value` is not a valid list of artifact descriptors (`[{ name, size, digest }]`), or undefined.
 * `stored` checks a record read back: its names must be safe relative paths, but the limits added for
 * new pushes (255-byte segments, names colliding under case folding) are not applied, so models
 * stored before them stay readable.
 */
export function descriptorsProblem(value: unknown, stored = false): string | undefined {
  if (!Array.isArray(value))
    return `artifacts must be an array of { name, size, digest }, not ${kindOf(value)}`;
  // Stored records keep the names they were written with: the set (collision rules) is for new ones.
  const names = stored ? undefined : new ArtifactNameSet();
  for (let i = 0; i < value.length; i++) {
    const d = value[i] as Record<string, unknown>;
    if (!isPlainObject(d))
      return `artifacts[${i}] must be an object { name, size, digest }, not ${kindOf(d)}`;
    const nameIssue = stored ? safeArtifactPathProblem(d.name) : artifactNameProblem(d.name);
    if (nameIssue) return `artifacts[${i}].name is invalid (${nameIssue})`;
    if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0)
      return `artifacts[${i}].size must be a non-negative integer`;
    if (typeof d.digest !== 'string' || !DIGEST.test(d.digest))
      return `artifacts[${i}].digest must be "sha256:" followed by 64 lowercase hex digits`;
    const clash = names?.problem(d.name as string);
    if (clash) return `artifacts[${i}]: ${clash}`;
  }
  return undefined;
}

/**
 * A new record's JSON fields are checked deeply; a stored one's only for being an object: it came out
 * of a JSON store, and a read of 10,000 models must not walk every nested value.
 */
function objectProblem(value: unknown, where: string, stored: boolean): string | undefined {
  if (!stored) return jsonObjectProblem(value, where);
  return isPlainObject(value)
    ? undefined
    : `${where} must be a plain JSON object, not ${kindOf(value)}`;
}

/** Why a record's `version` (contract v2, optional) is not `null` or a positive integer, or undefined. */
function versionProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
    ? undefined
    : `version must be a positive integer or null, not ${JSON.stringify(value) ?? kindOf(value)}`;
}

/** Why a record's `tags` (contract v2, optional) are not valid tags, or undefined. */
function optionalTagsProblem(value: unknown): string | undefined {
  return value === undefined ? undefined : tagsProblem(value);
}

/** The kinds of stored record. */
export type RecordKind = 'project' | 'task' | 'model';

/**
 * Why `record` is not a valid stored record of this kind, or undefined: every field present with its
 * type, names and ids valid, dates UTC ISO strings, `params` and `wrapper` plain JSON, descriptors
 * complete, `tags` and `version` (contract v2) valid when present. The core checks every record before a plugin stores it and after a plugin returns it; a
 * plugin may use it to check what it reads from its store.
 */
export function recordProblem(
  kind: RecordKind,
  record: unknown,
  { stored = false }: { stored?: boolean } = {},
): string | undefined {
  if (!isPlainObject(record)) return `a ${kind} record must be an object, not ${kindOf(record)}`;
  const r = record;
  const name = nameProblem(r.name);
  const common =
    idProblem(r.id, 'id') ??
    (name ? `name ${JSON.stringify(r.name) ?? ''} is invalid (${name})` : undefined) ??
    authorProblem(r.author) ??
    dateProblem(r.creationDate);
  if (common || kind === 'project') return common;
  if (kind === 'task') return idProblem(r.projectId, 'projectId') ?? optionalTagsProblem(r.tags);
  return (
    idProblem(r.taskId, 'taskId') ??
    versionProblem(r.version) ??
    optionalTagsProblem(r.tags) ??
    stringProblem(r.description, 'description') ??
    objectProblem(r.params, 'params', stored) ??
    requirementsProblem(r.requirements) ??
    descriptorsProblem(r.artifacts, stored) ??
    (r.wrapper === null ? undefined : objectProblem(r.wrapper, 'wrapper', stored))
  );
}
