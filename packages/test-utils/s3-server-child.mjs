// Runs the fauxqs S3 emulator on 127.0.0.1 (ephemeral port) in its own process, for tests and benchmarks
// whose memory or crash behaviour must not include the server. Prints {"port":N} on stdout once listening.
// Exits on SIGTERM, or when the parent process goes away (IPC channel closed).
import { buildS3App } from './s3-app.mjs';

const app = buildS3App();
await app.listen({ port: Number(process.env.S3_TEST_PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
const stop = () => app.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('disconnect', stop);
