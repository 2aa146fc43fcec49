// A real S3-protocol server for tests and benchmarks: the fauxqs emulator (in memory, real multipart ETags,
// no signature checks) on 127.0.0.1, on an ephemeral port, in this process or in a child process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { buildS3App } from './s3-app.mjs';

/** Starts an S3-protocol server on loopback. Always stop() it (an afterAll hook). */
export async function startS3Server(options = {}) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (options.childProcess) return startChild();
  const app = buildS3App();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  return serverAt(
    port,
    () => app.close(),
    async () => {
      throw new Error('kill() needs startS3Server({ childProcess: true })');
    },
  );
}

async function startChild() {
  const script = fileURLToPath(new URL('./s3-server-child.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await readPort(child);
  const exited = once(child, 'exit');
  const ending = (signal) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return serverAt(port, ending('SIGTERM'), ending('SIGKILL'));
}

async function readPort(child) {
  let output = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    for await (const chunk of child.stdout) {
      output += String(chunk);
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) return JSON.parse(line).port;
    }
    throw new Error(`The S3 test server exited before listening: ${output}`);
  } finally {
    clearTimeout(timer);
  }
}

function serverAt(port, stop, kill) {
  const endpoint = `http://127.0.0.1:${port}`;
  const url = (bucket, key = '') =>
    `${endpoint}/${encodeURIComponent(bucket)}${key ? `/${key.split('/').map(encodeURIComponent).join('/')}` : ''}`;
  return {
    endpoint,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      forcePathStyle: true,
    },
    async createBucket(name) {
      // fauxqs checks no signatures, so a plain PUT creates the bucket.
      const response = await fetch(url(name), { method: 'PUT' });
      if (!response.ok)
        throw new Error(
          `Creating bucket ${name} failed: HTTP ${response.status} ${await response.text()}`,
        );
    },
    async listKeys(bucket, prefix) {
      const response = await fetch(
        `${url(bucket)}?list-type=2&prefix=${encodeURIComponent(prefix)}`,
      );
      const xml = await response.text();
      return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
    },
    async putObject(bucket, key, body) {
      const response = await fetch(url(bucket, key), { method: 'PUT', body });
      if (!response.ok) throw new Error(`PUT ${key} failed: HTTP ${response.status}`);
    },
    stop,
    kill,
  };
}
