import { CorruptedStoreError } from '@ebonite/core/plugin';
import { MetadataState, type UnindexedEntry } from '../state/metadata-state.js';
import { type RecordKind, recordProblem } from '../state/operation.js';

/** The `format` marker of metadata.json. */
export const SNAPSHOT_FORMAT = 'ebonite-metadata';
/**
 * The version of the metadata.json layout this package writes: 2 adds each model's `version` and
 * `tags`, each task's `tags`, and the lists `versions`, `aliases` and `aliasHistory` (contract v2).
 * It reads 1 (0.1.x) and 2. A store is upgraded to 2 by the first write of this version (see the
 * JournalStore), so that a 0.1.x process refuses it (its check: version above 1) instead of reading
 * a journal it would half understand.
 */
export const SNAPSHOT_VERSION = 2;

/** A parsed metadata.json. `generation` counts compactions; the journal names the one it extends. */
export interface Snapshot {
  generation: number;
  /** The layout version the file was written with. */
  version: number;
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
      `has format version ${JSON.stringify(version)}, and this @ebonite/meta-local reads versions 1 to ${SNAPSHOT_VERSION} (upgrade @ebonite/meta-local if the file is newer)`,
    );
  }
  if (!Number.isSafeInteger(generation) || (generation as number) < 0)
    throw corrupted(file, 'has no valid "generation" number');
  const content = { projects: [], tasks: [], models: [] } as Record<string, unknown>;
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
  const { versions, aliases, aliasHistory } = doc as Record<string, unknown>;
  if (versions !== undefined && (typeof versions !== 'object' || versions === null))
    throw corrupted(file, 'has a "versions" entry that is not an object');
  for (const [key, list] of [
    ['aliases', aliases],
    ['aliasHistory', aliasHistory],
  ] as const) {
    if (list !== undefined && !Array.isArray(list))
      throw corrupted(file, `has a "${key}" entry that is not a list`);
  }
  Object.assign(content, { versions, aliases, aliasHistory });
  const state = MetadataState.from(content as never, unindexed);
  for (const entry of state.unindexed) warnUnindexed(file, entry);
  return { generation: generation as number, version, state };
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

/**
 * The text of metadata.json for this state: one field per line, each list in id order with one record
 * per line (and one entry per line of `versions`). Still readable and diffable line by line, and
 * about half the size of fully indented JSON for records with nested params and wrapper metadata,
 * which is what reading and parsing it at opening cost.
 */
export function serializeSnapshot(state: MetadataState, generation: number): string {
  const doc: Record<string, unknown> = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    generation,
    ...state.content(),
  };
  const fields = Object.entries(doc).map(([key, value]) => {
    const name = JSON.stringify(key);
    if (Array.isArray(value) && value.length > 0)
      return `  ${name}: [\n${value.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.length > 0)
        return `  ${name}: {\n${entries.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`;
    }
    return `  ${name}: ${JSON.stringify(value)}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}
