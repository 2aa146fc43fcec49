import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { artifactRepositoryTests } from '@ebonite/test-suite';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, beforeAll } from 'vitest';
import { s3Artifacts } from '../src/s3-artifact-repository.js';

let server: S3TestServer;
let raw: S3Client;
const bucket = 'conformance';
const prefix = 'suite';

beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket(bucket);
  raw = new S3Client(server.clientConfig);
});
afterAll(async () => {
  raw?.destroy();
  await server?.stop();
});

artifactRepositoryTests({
  name: 's3 (fauxqs on loopback)',
  create: async () => s3Artifacts({ bucket, prefix, ...server.clientConfig }),
  readBack: {
    async file(modelId, name) {
      try {
        const { Body } = await raw.send(
          new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/model/${modelId}/${name}` }),
        );
        return await Body!.transformToByteArray();
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return null;
        throw error;
      }
    },
  },
  capabilities: { persistent: true },
});
