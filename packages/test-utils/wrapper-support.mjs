// What the model-wrapper packages' tests share: temporary folders, a user's project laid out on the
// built packages with the wrapper's runtime, and the two registries they push to. The registries'
// plugin packages are imported from the wrapper package's own dependencies (`self`), so this private
// package depends on none of them.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { temporaryFolders } from './temp-folders.mjs';
import { userProject as layOutProject } from './user-project.mjs';

/** The workspace packages a wrapper's user project gets. */
const PACKAGES = ['core', 'meta-local', 'artifact-fs', 'meta-sql', 'artifact-s3'];

/**
 * The support of one wrapper package's tests. `self`: the package folder; `projectPrefix`: the name
 * prefix of user-project folders; `runtimeModules`: the wrapper's runtime (name -> version range).
 */
export function wrapperSupport({ self, projectPrefix, runtimeModules }) {
  const temporary = temporaryFolders();
  const require = createRequire(join(self, 'package.json'));
  const load = (name) => import(pathToFileURL(require.resolve(name)).href);
  return {
    tempDir: temporary.make,
    cleanTemporary: temporary.cleanup,
    async userProject({ runtime = true } = {}) {
      const dir = await temporary.make(projectPrefix);
      return layOutProject({ dir, self, packages: PACKAGES, runtimeModules, runtime });
    },
    async localRegistry(dir) {
      const [{ Ebonite }, { localMetadata }, { localArtifacts }] = await Promise.all(
        ['@ebonite/core', '@ebonite/meta-local', '@ebonite/artifact-fs'].map(load),
      );
      return new Ebonite(
        localMetadata({ path: join(dir, 'metadata.json') }),
        localArtifacts({ root: join(dir, 'artifacts') }),
      );
    },
    async sqlS3Registry(dir, endpoint) {
      const [{ Ebonite }, { sqlMetadata }, { s3Artifacts }] = await Promise.all(
        ['@ebonite/core', '@ebonite/meta-sql', '@ebonite/artifact-s3'].map(load),
      );
      const s3 = {
        bucket: 'models',
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        createBucket: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      };
      return new Ebonite(
        sqlMetadata({ url: `sqlite://${join(dir, 'registry.db')}` }),
        s3Artifacts(s3),
      );
    },
  };
}
