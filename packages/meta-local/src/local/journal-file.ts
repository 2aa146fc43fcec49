import { CorruptedStoreError } from '@ebonite/core/plugin';
import { type Operation, parseOperation } from '../state/operation.js';

/** The `format` marker of the journal's first line. */
export const JOURNAL_FORMAT = 'ebonite-metadata-journal';
/**
 * The journal layout this package writes: 2 adds the `alias` and `aliases` operations and the `events`
 * of a delete.
 * A journal of version 2 only ever extends a metadata.json of version 2, which 0.1.x refuses to open
 * (0.1.x does not look at the journal's version).
 */
export const JOURNAL_VERSION = 2;
const NEWLINE = 0x0a;

/** The first line of a journal: the metadata.json generation its operations extend. */
export function journalHeader(generation: number): string {
  return `${JSON.stringify({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, generation })}\n`;
}

/**
 * One operation line. `seq` is its place among the journal's accepted lines (1 for the first after
 * the header) and `w` names the store that wrote it: together they fence the journal (see
 * {@link parseJournal}) and let a writer find out whether its own line was accepted.
 */
export function journalLine(operation: Operation, seq: number, writer: string): string {
  return `${JSON.stringify({ seq, w: writer, ...operation })}\n`;
}

/**
 * The line a compaction appends before it replaces metadata.json: once accepted, the journal takes no
 * more lines, so the snapshot made from everything before it cannot miss one.
 */
export function sealLine(seq: number, writer: string): string {
  return `${JSON.stringify({ seq, w: writer, op: 'seal' })}\n`;
}

/** How far a journal was read. */
export interface JournalCursor {
  /** The offset just after the last complete, valid line (0 before the header). */
  end: number;
  /** The `seq` of the last accepted line (0: none yet). */
  seq: number;
  /** True once an accepted seal was read: every later line is ignored. */
  sealed: boolean;
}

/** An accepted operation line. */
export interface JournalEntry {
  seq: number;
  /** The store that wrote it (undefined for lines of releases before fencing). */
  writer: string | undefined;
  operation: Operation;
}

/** What a read of journal bytes found. */
export interface JournalRead extends JournalCursor {
  /** The accepted operations, in order (a seal is not listed). */
  entries: JournalEntry[];
  /** The writer of the seal accepted by this read, if one was. */
  sealedBy?: string | undefined;
  /** True when the header names an older metadata.json generation: a compaction wrote metadata.json and crashed before removing this journal, so it is already included. */
  stale: boolean;
}

/** The cursor of a journal not read yet. */
export const JOURNAL_START: JournalCursor = { end: 0, seq: 0, sealed: false };

function corrupted(journal: string, problem: string, cause?: unknown): CorruptedStoreError {
  return new CorruptedStoreError(
    `${journal} ${problem}. It was left untouched: restore the folder from a backup, or remove the damaged lines by hand (every line is one committed change).`,
    cause === undefined ? {} : { cause },
  );
}

function parseLine(
  bytes: Buffer,
  start: number,
  end: number,
): { value: unknown } | { error: unknown } {
  try {
    return { value: JSON.parse(bytes.toString('utf8', start, end)) };
  } catch (error) {
    return { error };
  }
}

/** Thrown (as a CorruptedStoreError) when the header names a newer metadata.json generation. */
export class NewerJournalError extends CorruptedStoreError {}

/**
 * Parses journal bytes read from `from.end` (0: the whole file, header first), continuing `from`.
 * Bytes after the last newline, and a last line that does not parse, are a write torn by a crash:
 * ignored, never an error. A damaged line followed by good ones, or a foreign header, throws
 * `CorruptedStoreError`.
 *
 * Fencing: a line is accepted only if its `seq` is the last accepted one plus 1 and no seal was
 * accepted before it; any other line (written by a process that lost the lock while stalled, after
 * another process had written that place) is skipped by every reader alike. Lines without `seq`
 * (written by releases before fencing) are accepted in order.
 */
export function parseJournal(
  bytes: Buffer,
  from: JournalCursor,
  generation: number,
  journal: string,
): JournalRead {
  const offset = from.end;
  const lines: Array<[number, number]> = [];
  for (
    let start = 0, nl = bytes.indexOf(NEWLINE);
    nl !== -1;
    start = nl + 1, nl = bytes.indexOf(NEWLINE, start)
  ) {
    lines.push([start, nl]);
  }
  const result: JournalRead = { ...from, entries: [], stale: false };
  for (const [index, [start, end]] of lines.entries()) {
    const parsed = parseLine(bytes, start, end);
    if ('error' in parsed) {
      if (index === lines.length - 1) break;
      throw corrupted(journal, `has a damaged line at byte ${offset + start}`, parsed.error);
    }
    if (offset + start === 0) {
      const header = parsed.value as { format?: unknown; generation?: unknown; version?: unknown };
      if (header?.format !== JOURNAL_FORMAT || typeof header.generation !== 'number') {
        throw corrupted(
          journal,
          `is not an ebonite metadata journal (its first line has no "format": "${JOURNAL_FORMAT}")`,
        );
      }
      if (typeof header.version === 'number' && header.version > JOURNAL_VERSION) {
        throw corrupted(
          journal,
          `has format version ${header.version}, and this @ebonite/meta-local reads up to version ${JOURNAL_VERSION} (upgrade @ebonite/meta-local)`,
        );
      }
      if (header.generation < generation) return { ...JOURNAL_START, entries: [], stale: true };
      if (header.generation > generation) {
        throw new NewerJournalError(
          `${journal} extends generation ${header.generation} of the metadata file, which is at generation ${generation} (was an older metadata.json restored? then delete this journal). It was left untouched.`,
        );
      }
    } else {
      acceptLine(parsed.value, result, () => `${journal} at byte ${offset + start}`, journal);
    }
    result.end = offset + end + 1;
  }
  return result;
}

/** Checks one operation line and, when the fence lets it through, adds it to `result`. */
function acceptLine(value: unknown, result: JournalRead, where: () => string, journal: string) {
  const { seq, w, op } = (value ?? {}) as { seq?: unknown; w?: unknown; op?: unknown };
  if (seq !== undefined && !Number.isSafeInteger(seq))
    throw corrupted(journal, `has an entry with an invalid "seq" (${where()})`);
  const writer = typeof w === 'string' ? w : undefined;
  const accepted = !result.sealed && (seq === undefined || seq === result.seq + 1);
  if (op === 'seal') {
    if (seq === undefined) throw corrupted(journal, `has a seal without "seq" (${where()})`);
    if (accepted) Object.assign(result, { seq, sealed: true, sealedBy: writer });
    return;
  }
  const operation = parseOperation(value);
  if (typeof operation === 'string')
    throw corrupted(journal, `has an invalid entry (${where()}): ${operation}`);
  if (!accepted) return;
  result.seq += 1;
  result.entries.push({ seq: result.seq, writer, operation });
}
