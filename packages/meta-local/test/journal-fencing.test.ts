import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JOURNAL_START,
  journalHeader,
  journalLine,
  parseJournal,
  sealLine,
} from '../src/local/journal-file.js';
import { localMetadata } from '../src/local-metadata-repository.js';
import type { Operation } from '../src/state/operation.js';
import { readStore } from './helpers/read-store.js';
import { project } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';

const put = (name: string): Operation => ({ op: 'put', kind: 'project', record: project(name) });
const names = (bytes: string) =>
  parseJournal(Buffer.from(bytes), JOURNAL_START, 4, 'j').entries.map(
    (entry) => (entry.operation as { record: { name: string } }).record.name,
  );

describe('journal fencing', () => {
  it('accepts only the first line of each sequence number, and nothing after an accepted seal', () => {
    const text = [
      journalHeader(4),
      journalLine(put('a'), 1, 'A'),
      journalLine(put('stale'), 1, 'B'), // written under a lost lock: the place was taken
      journalLine(put('b'), 2, 'A'),
      journalLine(put('late'), 2, 'C'),
      sealLine(3, 'A'),
      journalLine(put('after-seal'), 3, 'B'),
      sealLine(3, 'B'),
    ].join('');
    expect(names(text)).toEqual(['a', 'b']);
    const read = parseJournal(Buffer.from(text), JOURNAL_START, 4, 'j');
    expect([read.seq, read.sealed, read.sealedBy, read.end]).toEqual([3, true, 'A', text.length]);
  });

  it('accepts lines without a sequence number (written before fencing) in order', () => {
    const legacy = (operation: Operation) => `${JSON.stringify(operation)}\n`;
    const text = `${journalHeader(4)}${legacy(put('old-1'))}${legacy(put('old-2'))}${journalLine(put('new'), 3, 'A')}${journalLine(put('dup'), 3, 'B')}`;
    expect(names(text)).toEqual(['old-1', 'old-2', 'new']);
  });

  it('a registry written before fencing (journal lines without seq) opens, takes writes and compacts', async () => {
    const folder = tempFolder();
    const [p1, p2] = [project('one'), project('two')];
    writeFileSync(
      path.join(folder, 'metadata.json'),
      `${JSON.stringify({ format: 'ebonite-metadata', version: 1, generation: 2, projects: [p1], tasks: [], models: [] }, null, 2)}\n`,
    );
    writeFileSync(
      path.join(folder, 'metadata.journal'),
      `${journalHeader(2)}${JSON.stringify({ op: 'put', kind: 'project', record: p2 })}\n`,
    );
    const repo = localMetadata({ path: folder });
    expect((await repo.getProjects()).map((p) => p.name)).toEqual(['one', 'two']);
    await repo.createProject(project('three'));
    // the first write upgraded the store: the old journal folded into metadata.json (format 2,
    // generation 3), then a new journal with the write
    expect(readStore(folder).generation).toBe(3);
    const lines = readFileSync(path.join(folder, 'metadata.journal'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ seq: 1, op: 'put' });
    await repo.close();
    expect(existsSync(path.join(folder, 'metadata.journal'))).toBe(false);
    const store = readStore(folder);
    expect([...store.projects.values()].map((p) => p.name).sort()).toEqual(['one', 'three', 'two']);
    expect(store.generation).toBe(4);
  });

  it('a compaction stopped after sealing is finished by the next write, which misses nothing', async () => {
    const folder = tempFolder();
    const repo = localMetadata({ path: folder });
    const p = await repo.createProject(project('before-seal'));
    await repo.close();
    const journal = path.join(folder, 'metadata.journal');
    const { generation } = readStore(folder);
    writeFileSync(
      journal,
      `${journalHeader(generation)}${journalLine(put('sealed-in'), 1, 'X')}${sealLine(2, 'X')}${journalLine(put('too-late'), 2, 'Y')}`,
    );
    const next = localMetadata({ path: folder });
    expect((await next.getProjects()).map((x) => x.name).sort()).toEqual([
      'before-seal',
      'sealed-in',
    ]);
    await next.createProject(project('after'));
    await next.close();
    const store = readStore(folder);
    expect([...store.projects.values()].map((x) => x.name).sort()).toEqual([
      'after',
      'before-seal',
      'sealed-in',
    ]);
    expect(store.projects.has(p.id)).toBe(true);
  });
});
