import { CorruptedStoreError } from '@ebonite/core/plugin';
import { MetadataState, type UnindexedEntry } from '../state/metadata-state.js';
import { type RecordKind, recordProblem } from '../state/operation.js';

/** The `format` marker of metadata.json. */
export const SNAPSHOT_FORMAT = 'ebonite-metadata';
/** The version of the metadata.json layout this package reads and writes. */
export const SNAPSHOT_VERSION = 1;

/** A parsed metadata.json. `generation` counts compactions; the journal names the one it extends. */
export interface Snapshot {
  generation: number;
  state: MetadataState;
}

const LISTS: ReadonlyArray<[RecordKind, 'projects' | 'tasks' | 'models']> = [
  ['project', 'projects'],
  ['task', 'tasks'],
  ['model', 'models'],
];

function corrupted(file: string, problem: string, cause?: unknown): CorruptedStoreError {
  return new CorruptedStoreError(
    `${file} ${problem}. It was left untouched: restore it from a backup or repair it by hand, or open the metadata repository on another path.`,
    cause === undefined ? {} : { cause },
  );
}

/** Parses and checks the text of metadata.json. Throws `CorruptedStoreError` naming `file`. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw corrupted(file, `is not valid JSON (${(error as Error).message})`, error);
  }
  if (
    typeof doc !== 'object' ||
    doc === null ||
    (doc as { format?: unknown }).format !== SNAPSHOT_FORMAT
  ) {
    throw corrupted(
      file,
      `is not an ebonite metadata file (it has no "format": "${SNAPSHOT_FORMAT}")`,
    );
  }
  const { version, generation } = doc as { version?: unknown; generation?: unknown };
  if (typeof version !== 'number' || version > SNAPSHOT_VERSION) {
    throw corrupted(
      file,
      `has format version ${JSON.stringify(version)}, and this @ebonite/meta-local reads version ${SNAPSHOT_VERSION} (upgrade @ebonite/meta-local if the file is newer)`,
    );
  }
  if (!Number.isSafeInteger(generation) || (generation as number) < 0)
    throw corrupted(file, 'has no valid "generation" number');
  const content = { projects: [], tasks: [], models: [] } as Record<string, unknown[]>;
  const unindexed: UnindexedEntry[] = [];
  for (const [kind, key] of LISTS) {
    const list = (doc as Record<string, unknown>)[key];
    if (!Array.isArray(list)) throw corrupted(file, `has no "${key}" list`);
    for (const record of list) {
      const problem = recordProblem(kind, record);
      if (problem) unindexed.push({ list: key, record, problem });
      else (content[key] as unknown[]).push(record);
    }
  }
  const state = MetadataState.from(content as never, unindexed);
  for (const entry of state.unindexed) warnUnindexed(file, entry);
  return { generation: generation as number, state };
}

const warned = new Set<string>();

/** One warning per entry and file: the rest of the store is read; this entry is kept as it is. */
function warnUnindexed(file: string, entry: UnindexedEntry): void {
  const { id, name } = (entry.record ?? {}) as { id?: unknown; name?: unknown };
  const message = `${file} holds an entry in "${entry.list}" that cannot be read (id ${JSON.stringify(id)}, name ${JSON.stringify(name)}): ${entry.problem}. The rest of the registry is read; the entry is kept as it is: repair or remove it by hand.`;
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { type: 'EboniteWarning', code: 'E_CORRUPTED_STORE' });
}

/** The text of metadata.json for this state: indented JSON, each list in id order. */
export function serializeSnapshot(state: MetadataState, generation: number): string {
  const doc = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    generation,
    ...state.content(),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
