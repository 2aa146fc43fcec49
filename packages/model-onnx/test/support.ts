import { resolve } from 'node:path';
import type { Ebonite } from '@ebonite/core';
import { wrapperSupport } from '@ebonite/test-utils/wrapper-support';

/** The fauxqs S3 emulator on loopback, in this process. */
export { startS3Server as startS3 } from '@ebonite/test-utils/s3-server';
export { runScript } from '@ebonite/test-utils/user-project';

/**
 * Temporary folders (remove them in afterAll: cleanTemporary), a user's project as npm would lay it
 * out (@ebonite packages built, and the runtime unless `runtime: false`), and the registries the tests
 * push to: `localRegistry(dir)` on plain files, `sqlS3Registry(dir, endpoint)` on SQLite and S3.
 */
export const { tempDir, cleanTemporary, userProject, localRegistry, sqlS3Registry } =
  wrapperSupport<Ebonite>({
    self: resolve(import.meta.dirname, '..'),
    projectPrefix: 'ebonite-onnx-project-',
    runtimeModules: { 'onnxruntime-node': '*' },
  });
