import { s3Artifacts } from '@ebonite/artifact-s3';
import { Ebonite } from '@ebonite/core';
import { sqlMetadata } from '@ebonite/meta-sql';
import { artifactRepositoryTests, clientTests, metadataRepositoryTests } from '@ebonite/test-suite';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, beforeAll } from 'vitest';
import { httpArtifacts, httpMetadata } from '../src/index.js';
import { describeService, postgresUnavailable, testDatabase } from './helpers/postgres.js';
import { httpProcesses, readBackThrough } from './helpers/read-back.js';
import { startRegistry, type TestRegistry } from './helpers/registry-server.js';

const unavailable = await postgresUnavailable();
const url = unavailable ? '' : await testDatabase();

describeService('server on PostgreSQL + S3 (fauxqs on loopback)', unavailable, () => {
  let s3: S3TestServer;
  let registry: TestRegistry;
  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('registry');
    registry = await startRegistry({
      trustClientAuthor: true,
      makeClient: async () =>
        new Ebonite(
          sqlMetadata({ url }),
          s3Artifacts({ bucket: 'registry', prefix: 'server', ...s3.clientConfig }),
        ),
    });
  });
  afterAll(async () => {
    await registry?.close();
    await s3?.stop();
  });
  const remote = () => ({ url: registry.url, token: registry.tokens.write });

  metadataRepositoryTests({
    name: 'http metadata → PostgreSQL',
    create: async () => httpMetadata(remote()),
    readBack: readBackThrough(() => registry.client),
    capabilities: { persistent: true },
    processes: httpProcesses(() => registry),
  });
  artifactRepositoryTests({
    name: 'http artifacts → S3',
    create: async () => httpArtifacts(remote()),
    readBack: readBackThrough(() => registry.client),
    capabilities: { persistent: true },
  });
  clientTests({
    name: "customClient('http', 'http') → PostgreSQL + S3",
    create: () => Ebonite.customClient('http', 'http', remote(), remote()),
  });
});
