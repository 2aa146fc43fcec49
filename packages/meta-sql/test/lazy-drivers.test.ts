import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The driver packages a fresh process has loaded after one call on `url` (through the built package). */
async function driversLoadedFor(url: string): Promise<string[]> {
  if (!existsSync(dist))
    throw new Error('Build @ebonite/meta-sql first (pnpm --filter @ebonite/meta-sql build).');
  const script = `
    import { createRequire } from 'node:module';
    const { sqlMetadata } = await import(${JSON.stringify(dist)});
    const repo = sqlMetadata({ url: ${JSON.stringify(url)} });
    await repo.getProjects();
    await repo.close();
    const names = Object.keys(createRequire(import.meta.url).cache).map((k) => /node_modules[\\\\/](?:\\.pnpm[\\\\/])?(better-sqlite3|pg|mysql2)[@\\\\/]/.exec(k)?.[1]).filter(Boolean);
    console.log(JSON.stringify([...new Set(names)].sort()));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    { timeout: 30_000 },
  );
  return JSON.parse(stdout);
}

it('a SQLite user loads better-sqlite3 only, never pg or mysql2', async () => {
  expect(await driversLoadedFor('sqlite::memory:')).toEqual(['better-sqlite3']);
});
