import { CorruptedStoreError } from '@ebonite/core';
import { type Operation, parseOperation } from '../state/operation.js';

/** The `format` marker of the journal's first line. */
export const JOURNAL_FORMAT = 'ebonite-metadata-journal';
const NEWLINE = 0x0a;

/** The first line of a journal: the metadata.json generation its operations extend. */
export function journalHeader(generation: number): string {
  return `${JSON.stringify({ format: JOURNAL_FORMAT, version: 1, generation })}\n`;
}

/** What a read of journal bytes found. */
export interface JournalRead {
  /** The operations of the complete lines, in order. */
  operations: Operation[];
  /** The offset just after the last complete, valid line: what a writer keeps (a torn tail beyond it is cut). */
  end: number;
  /** True when the header names an older metadata.json generation: a compaction wrote metadata.json and crashed before removing this journal, so it is already included. */
  stale: boolean;
}

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

/**
 * Parses journal bytes read from `offset` (0: the whole file, header first). Bytes after the last
 * newline, and a last line that does not parse, are a write torn by a crash: ignored, never an error.
 * A damaged line followed by good ones, or a foreign header, throws `CorruptedStoreError`.
 */
export function parseJournal(
  bytes: Buffer,
  offset: number,
  generation: number,
  journal: string,
): JournalRead {
  const lines: Array<[number, number]> = [];
  for (
    let start = 0, nl = bytes.indexOf(NEWLINE);
    nl !== -1;
    start = nl + 1, nl = bytes.indexOf(NEWLINE, start)
  ) {
    lines.push([start, nl]);
  }
  const result: JournalRead = { operations: [], end: offset, stale: false };
  for (const [index, [start, end]] of lines.entries()) {
    const parsed = parseLine(bytes, start, end);
    if ('error' in parsed) {
      if (index === lines.length - 1) break;
      throw corrupted(journal, `has a damaged line at byte ${offset + start}`, parsed.error);
    }
    if (offset + start === 0) {
      const header = parsed.value as { format?: unknown; generation?: unknown };
      if (header?.format !== JOURNAL_FORMAT || typeof header.generation !== 'number') {
        throw corrupted(
          journal,
          `is not an ebonite metadata journal (its first line has no "format": "${JOURNAL_FORMAT}")`,
        );
      }
      if (header.generation < generation) return { operations: [], end: 0, stale: true };
      if (header.generation > generation) {
        throw corrupted(
          journal,
          `extends generation ${header.generation} of the metadata file, which is at generation ${generation} (was an older metadata.json restored? then delete this journal)`,
        );
      }
    } else {
      const operation = parseOperation(parsed.value);
      if (typeof operation === 'string')
        throw corrupted(journal, `has an invalid entry at byte ${offset + start}: ${operation}`);
      result.operations.push(operation);
    }
    result.end = offset + end + 1;
  }
  return result;
}
