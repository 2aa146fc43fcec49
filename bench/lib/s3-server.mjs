// The S3-protocol server of the S3 benchmarks: fauxqs on 127.0.0.1, in a child process so that its memory
// and CPU are not counted in the benchmark's process.
import { startS3Server } from '@ebonite/test-utils/s3-server';

/** Starts the server with one bucket; `connection` is what an S3Client and s3Artifacts take (with `bucket`). */
export async function startBenchS3(bucket = 'bench') {
  const server = await startS3Server({ childProcess: true });
  await server.createBucket(bucket);
  const connection = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
  return { bucket, connection, stop: () => server.stop() };
}
