import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { buildApp } from 'fauxqs';

/**
 * A real S3-protocol server for tests: the fauxqs emulator (in memory, real multipart ETags, no
 * signature checks) listening on 127.0.0.1 on an ephemeral port. Copy this file (and
 * s3-server-child.mjs) into another package's tests, or import it, with `fauxqs` as a dev dependency.
 *
 * ```ts
 * const server = await startS3Server();
 * await server.createBucket('models');
 * const client = new S3Client(server.clientConfig);
 * // ...
 * await server.stop();
 * ```
 */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Everything an `S3Client` needs to talk to it: endpoint, region, dummy credentials, path-style. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: true;
  };
  /** Creates a bucket (idempotent). */
  createBucket(name: string): Promise<void>;
  /** Stops the server and, for a child process, waits for it to exit. */
  stop(): Promise<void>;
  /** Child process only: kills it at once (SIGKILL), as a crashing server; resolves when it is gone. */
  kill(): Promise<void>;
}

export interface StartS3ServerOptions {
  /** Run the server in a child process: its memory is not counted in this process, and kill() crashes it. */
  childProcess?: boolean;
}

/** Starts an S3-protocol server on loopback. Always stop() it (an afterAll hook). */
export async function startS3Server(options: StartS3ServerOptions = {}): Promise<S3TestServer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (options.childProcess) return startChild();
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return serverAt(port, () => app.close(), async () => {
    throw new Error('kill() needs startS3Server({ childProcess: true })');
  });
}

async function startChild(): Promise<S3TestServer> {
  const script = fileURLToPath(new URL('./s3-server-child.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await readPort(child);
  const exited = once(child, 'exit');
  return serverAt(
    port,
    async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  );
}

async function readPort(child: ChildProcess): Promise<number> {
  let output = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    for await (const chunk of child.stdout!) {
      output += String(chunk);
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) return (JSON.parse(line) as { port: number }).port;
    }
    throw new Error(`The S3 test server exited before listening: ${output}`);
  } finally {
    clearTimeout(timer);
  }
}

function serverAt(port: number, stop: () => Promise<void>, kill: () => Promise<void>): S3TestServer {
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    clientConfig: { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true },
    async createBucket(name) {
      // fauxqs checks no signatures, so a plain PUT creates the bucket.
      const response = await fetch(`${endpoint}/${encodeURIComponent(name)}`, { method: 'PUT' });
      if (!response.ok) throw new Error(`Creating bucket ${name} failed: HTTP ${response.status} ${await response.text()}`);
    },
    stop,
    kill,
  };
}
