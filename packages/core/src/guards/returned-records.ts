import { CorruptedStoreError } from '../errors/store-errors.js';
import { type RecordKind, recordProblem } from '../objects/record-checks.js';
import type { ModelRecord } from '../objects/records.js';
import { aliasEventProblem, aliasRecordProblem } from './alias-checks.js';

/** The kinds of record the guard checks: the three objects, and an alias and its history. */
export type CheckedKind = RecordKind | 'alias' | 'alias event';

/**
 * The guard's checks of what a metadata plugin returns: a bad record is `CorruptedStoreError` naming
 * it (left out of lists with a warning, so the others stay readable). A v2 plugin must return `tags`
 * (tasks, models) and `version` (models); a v1 plugin's records get `tags: {}` and `version: null`.
 */
export class ReturnedRecords {
  constructor(
    readonly version: () => 'v1' | 'v2',
    /** The repository for messages. */
    readonly where: () => string,
  ) {}

  /** Why a returned record is not valid, or undefined. */
  problem(kind: CheckedKind, record: unknown): string | undefined {
    if (kind === 'alias') return aliasRecordProblem(record);
    if (kind === 'alias event') return aliasEventProblem(record);
    const problem = recordProblem(kind, record, { stored: true });
    if (problem || kind === 'project' || this.version() === 'v1') return problem;
    const r = record as Partial<ModelRecord>;
    if (r.tags === undefined) return 'tags are missing (a v2 repository returns {} when none)';
    if (kind === 'model' && r.version === undefined)
      return 'version is missing (a v2 repository returns null for a named model)';
    return undefined;
  }

  /** A v1 plugin's task or model with the v2 fields it cannot store: no tags, no version. */
  normalize<R>(kind: CheckedKind, record: R): R {
    if (this.version() === 'v2') return record;
    if (kind === 'task') return { ...record, tags: {} };
    if (kind === 'model') return { ...record, tags: {}, version: null };
    return record;
  }

  /** A record a plugin returned (or null), checked and normalized. */
  one<R>(kind: CheckedKind, record: R | null): R | null {
    if (record === null) return null;
    const problem = this.problem(kind, record);
    if (problem) throw corrupted(this.where(), kind, record, problem);
    return this.normalize(kind, record);
  }

  /** A record a plugin stored and returned, checked like {@link one}. */
  stored<R>(kind: CheckedKind, record: R): R {
    return this.one(kind, record ?? ({} as R)) as R;
  }

  /** The valid records of a list, normalized; a bad one is left out with a warning. */
  list<R>(kind: CheckedKind, records: R[]): R[] {
    const valid: R[] = [];
    for (const record of records) {
      const problem = this.problem(kind, record);
      if (!problem) valid.push(this.normalize(kind, record));
      else warnOnce(corrupted(this.where(), kind, record, problem));
    }
    return valid;
  }
}

function corrupted(where: string, kind: CheckedKind, record: unknown, problem: string) {
  const { id, name } = (record ?? {}) as { id?: unknown; name?: unknown };
  return new CorruptedStoreError(
    `The ${where} holds a ${kind} record that is not valid (id ${JSON.stringify(id)}, name ${JSON.stringify(name)}): ${problem}. It is left untouched and skipped in lists; fix or delete it in the store (a registry check lists such records).`,
  );
}

const warned = new Set<string>();

/** Emits a process warning once per message: lists skip a bad record without hiding it. */
function warnOnce(error: CorruptedStoreError): void {
  if (warned.has(error.message)) return;
  warned.add(error.message);
  process.emitWarning(error.message, { type: 'EboniteWarning', code: error.code });
}
