// A registry server in a process of its own, for the server benchmarks: SQLite + local files under the
// folder given as argv[2], tokens in argv[3]. Says { event: 'listening', url, pid } on stdout, then
// { event: 'rss', rss, peak } (bytes; cpuMs: its CPU time so far) for each line it reads on stdin; exits on SIGTERM.
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localArtifacts } from '@ebonite/artifact-fs';
import { Ebonite } from '@ebonite/core';
import { sqlMetadata } from '@ebonite/meta-sql';
import { createServer } from '@ebonite/server';
import { nextLine, say } from '@ebonite/test-utils/child-process';

const [dir, tokens] = process.argv.slice(2);
const client = new Ebonite(
  sqlMetadata({ url: `sqlite://${join(dir, 'registry.db')}` }),
  localArtifacts({ root: join(dir, 'artifacts') }),
);
// BENCH_SERVER_LOG=1: pino at info, as `ebonite serve` runs, into /dev/null (its cost, not the terminal's).
const logger = process.env.BENCH_SERVER_LOG
  ? { level: 'info', stream: createWriteStream('/dev/null') }
  : false;
const server = createServer(client, { tokens, logger, maxConcurrentUploads: 64 });
const url = await server.listen({ port: 0 });
process.once('SIGTERM', async () => {
  await server.close();
  await client.close();
  process.exit(0);
});
say({ event: 'listening', url, pid: process.pid });
const peak = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
while (true) {
  await nextLine();
  const { user, system } = process.cpuUsage();
  say({
    event: 'rss',
    rss: process.memoryUsage.rss(),
    peak: peak(),
    cpuMs: (user + system) / 1000,
  });
}
