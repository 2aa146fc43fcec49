import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ebonite, tempProject } from './helpers/cli.js';
import { bytes } from './helpers/registry.js';

// Moving a registry's metadata from `local` to SQLite while the files stay where they are: `ebonite copy`
// between two configs on one artifact root copies metadata only, and `ebonite check --repair` on either
// registry refuses to delete anything while both registries' markers are in the store.
let dir: string;
let cleanup: () => Promise<void>;

const config = (metadata: object) =>
  JSON.stringify({
    format: 'ebonite-client',
    version: 1,
    metadata,
    artifact: { type: 'local', options: { root: join(dir, 'artifacts') } },
  });

beforeAll(async () => {
  ({ dir, cleanup } = await tempProject(['@ebonite/meta-sql']));
  await writeFile(
    join(dir, 'old.json'),
    config({ type: 'local', options: { path: join(dir, 'meta') } }),
  );
  await writeFile(
    join(dir, 'new.json'),
    config({ type: 'sqlalchemy', options: { url: `sqlite:///${join(dir, 'registry.db')}` } }),
  );
  await writeFile(join(dir, 'weights.bin'), bytes(100_000, 4));
});
afterAll(() => cleanup());

describe('ebonite copy and check on registries that share one artifact store', () => {
  it('copy says it copied metadata only; check --repair refuses (exit 4) and the files stay', async () => {
    const old = { EBONITE_CONFIG: join(dir, 'old.json') };
    for (const name of ['a', 'b']) {
      const pushed = await ebonite(['push', `p/t/${name}`, 'weights.bin'], { cwd: dir, env: old });
      expect(pushed.code, pushed.stderr).toBe(0);
    }
    const copied = await ebonite(['copy', '--to', 'new.json'], { cwd: dir, env: old });
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toContain(
      'the source and the target share one artifact store: copied metadata only, 2 models',
    );
    const json = await ebonite(['copy', '--to', 'new.json', '--json'], { cwd: dir, env: old });
    expect(JSON.parse(json.stdout)).toMatchObject({
      sharedArtifactStore: true,
      models: { copied: 0, skipped: 2, failed: 0 },
    });

    const repair = await ebonite(['check', '--repair', '--grace', '0'], {
      cwd: dir,
      env: { EBONITE_CONFIG: join(dir, 'new.json') },
    });
    expect(repair.code, repair.stderr).toBe(4);
    expect(repair.stderr).toMatch(/must not share an artifact location/);
    expect(repair.stderr).toContain(join(dir, 'meta'));

    const plain = await ebonite(['check'], { cwd: dir, env: old });
    expect(plain.code).toBe(5);
    expect(plain.stdout).toContain(
      'shared   the artifact store is also used by sqlalchemy metadata',
    );
    for (const name of ['a', 'b']) {
      const pulled = await ebonite(['pull', `p/t/${name}`, join(dir, `out-${name}`)], {
        cwd: dir,
        env: { EBONITE_CONFIG: join(dir, 'new.json') },
      });
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(await readFile(join(dir, `out-${name}`, 'weights.bin'))).toEqual(bytes(100_000, 4));
    }
  }, 60_000);
});
