import { join, resolve } from 'node:path';
import { localArtifacts } from '@ebonite/artifact-fs';
import { s3Artifacts } from '@ebonite/artifact-s3';
import { Ebonite } from '@ebonite/core';
import { localMetadata } from '@ebonite/meta-local';
import { sqlMetadata } from '@ebonite/meta-sql';
import { temporaryFolders } from '@ebonite/test-utils/temp-folders';
import { userProject as layOutProject } from '@ebonite/test-utils/user-project';

/** The fauxqs S3 emulator on loopback, in this process. */
export { startS3Server as startS3 } from '@ebonite/test-utils/s3-server';
export { runScript } from '@ebonite/test-utils/user-project';

/** Temporary folders made by a test file; remove them in afterAll (cleanTemporary). */
const temporary = temporaryFolders();
export const tempDir = temporary.make;
export const cleanTemporary = temporary.cleanup;

const TFJS = ['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu'];

/**
 * A user's project as npm would lay it out: @ebonite packages (built) and TF.js in its node_modules.
 * Without the runtime, @ebonite/model-tfjs is a copy, not a link, so nothing resolves TF.js from it.
 */
export async function userProject({ runtime = true }: { runtime?: boolean } = {}): Promise<string> {
  return layOutProject({
    dir: await tempDir('ebonite-tfjs-project-'),
    self: resolve(import.meta.dirname, '..'),
    packages: ['core', 'meta-local', 'artifact-fs', 'meta-sql', 'artifact-s3'],
    runtimeModules: Object.fromEntries(TFJS.map((n) => [`@tensorflow/${n}`, '4.22.0'])),
    runtime,
  });
}

/** A registry on plain files. */
export async function localRegistry(dir: string): Promise<Ebonite> {
  return new Ebonite(
    localMetadata({ path: join(dir, 'metadata.json') }),
    localArtifacts({ root: join(dir, 'artifacts') }),
  );
}

/** Metadata in SQLite (type `sqlalchemy`), artifacts in the S3 emulator. */
export async function sqlS3Registry(dir: string, endpoint: string): Promise<Ebonite> {
  const s3 = {
    bucket: 'models',
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    createBucket: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  return new Ebonite(sqlMetadata({ url: `sqlite://${join(dir, 'registry.db')}` }), s3Artifacts(s3));
}
