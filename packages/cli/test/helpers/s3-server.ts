import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * A real S3-protocol server for the CLI tests: the fauxqs emulator on 127.0.0.1 (ephemeral port) in its
 * own process, so the CLI processes under test talk to it over HTTP while this process waits on them.
 * The approach of packages/artifact-s3/test/s3-server.ts, reduced to what these tests use.
 */
export interface S3TestServer {
  readonly endpoint: string;
  createBucket(name: string): Promise<void>;
  /** Keys under a prefix (one page, enough for tests). */
  listKeys(bucket: string, prefix: string): Promise<string[]>;
  /** Overwrites an object with raw bytes (fauxqs checks no signatures). */
  putObject(bucket: string, key: string, body: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3Server(): Promise<S3TestServer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const script = fileURLToPath(new URL('./s3-server-child.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const endpoint = `http://127.0.0.1:${await readPort(child)}`;
  const url = (bucket: string, key = '') => `${endpoint}/${encodeURIComponent(bucket)}${key ? `/${key.split('/').map(encodeURIComponent).join('/')}` : ''}`;
  return {
    endpoint,
    async createBucket(name) {
      const response = await fetch(url(name), { method: 'PUT' });
      if (!response.ok) throw new Error(`Creating bucket ${name} failed: HTTP ${response.status}`);
    },
    async listKeys(bucket, prefix) {
      const response = await fetch(`${url(bucket)}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
      const xml = await response.text();
      return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
    },
    async putObject(bucket, key, body) {
      const response = await fetch(url(bucket, key), { method: 'PUT', body });
      if (!response.ok) throw new Error(`PUT ${key} failed: HTTP ${response.status}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function readPort(child: ChildProcess): Promise<number> {
  let output = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    for await (const chunk of child.stdout!) {
      output += String(chunk);
      if (output.includes('\n')) return (JSON.parse(output.split('\n')[0]!) as { port: number }).port;
    }
    throw new Error(`The S3 test server exited before listening: ${output}`);
  } finally {
    clearTimeout(timer);
  }
}
