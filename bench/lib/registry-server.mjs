import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '@ebonite/server';
import { Child } from '@ebonite/test-utils/child-process';

/**
 * A registry server (SQLite + local files) in a child process, with a write token. `rss()` asks it for
 * its current and peak resident set size; `stop()` ends it and removes its folder.
 */
export async function startRegistryServer() {
  const dir = await mkdtemp(join(tmpdir(), 'ebonite-bench-server-'));
  const tokens = join(dir, 'tokens.json');
  const { token } = await createToken(tokens, { name: 'bench', scope: 'write' });
  const child = new Child(new URL('./registry-server-child.mjs', import.meta.url), [dir, tokens]);
  const { url } = await child.next('listening', 60_000);
  return {
    url,
    token,
    dir,
    async rss() {
      child.send('rss');
      return child.next('rss');
    },
    async stop() {
      child.process.kill('SIGTERM');
      await child.exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
