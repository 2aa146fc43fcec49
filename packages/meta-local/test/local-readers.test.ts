import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localMetadata } from '../src/local-metadata-repository.js';
import { model, project, task } from './helpers/records.js';
import { tempFolder } from './helpers/temp-folder.js';
import { runWorker } from './helpers/workers.js';

/** Everything that tells whether a file was written or replaced: bytes, inode, mtime and ctime. */
function fingerprint(file: string): {
  bytes: string;
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
} {
  const stats = statSync(file, { bigint: true });
  return {
    bytes: readFileSync(file, 'base64'),
    ino: stats.ino,
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs,
  };
}

/** A store whose journal (written by this process, left open) holds changes not yet in metadata.json. */
async function storeWithJournal() {
  const folder = tempFolder();
  const first = localMetadata({ path: folder });
  const p = await first.createProject(project());
  const t = await first.createTask(task(p.id));
  await first.createModel(model(t.id, 'compacted'));
  await first.close();
  const writer = localMetadata({ path: folder });
  await writer.createModel(model(t.id, 'in-journal'));
  const files = ['metadata.json', 'metadata.journal'].map((name) => path.join(folder, name));
  return { folder, taskId: t.id, writer, files, before: files.map(fingerprint) };
}

describe('local: a process that only reads writes nothing', () => {
  for (const close of [true, false]) {
    it(`leaves metadata.json and the journal byte-identical and in place (${close ? 'close()' : 'exit hook'})`, async () => {
      const { folder, taskId, writer, files, before } = await storeWithJournal();
      const names = await runWorker({ mode: 'list', path: folder, taskId, close });
      expect(names).toEqual(['compacted', 'in-journal']);
      expect(files.map(fingerprint)).toEqual(before);
      const left = readdirSync(folder).filter((name) => name !== 'metadata.json.lock-wait');
      expect(left.sort()).toEqual(['metadata.journal', 'metadata.json']);
      await writer.close();
    });
  }

  it('reads a folder it cannot write to (read-only folder) without failing, and closes cleanly', async () => {
    const { folder, taskId, writer, files, before } = await storeWithJournal();
    // Root ignores permission bits: as root, make the folder immutable (ext4's chattr +i refuses even
    // root's creates and renames in it); otherwise mode 0555 does.
    const root = process.getuid?.() === 0;
    const lock = () => (root ? execFileSync('chattr', ['+i', folder]) : chmodSync(folder, 0o555));
    const unlock = () => (root ? execFileSync('chattr', ['-i', folder]) : chmodSync(folder, 0o755));
    // the writer hands its lock back once idle: wait for that, or the immutable folder would keep it
    for (let i = 0; i < 200 && existsSync(path.join(folder, 'metadata.json.lock')); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    lock();
    try {
      const names = await runWorker({ mode: 'list', path: folder, taskId, close: true });
      expect(names).toEqual(['compacted', 'in-journal']);
      expect(files.map(fingerprint)).toEqual(before);
    } finally {
      unlock();
    }
    await writer.close();
  });
});
