import {
  checkPluginOptions,
  type EbonitePlugin,
  type JsonObject,
  type MetadataRepositoryV1,
} from '@ebonite/core/plugin';
import { KeyValueArtifacts } from './key-value-artifacts.js';
import { MemoryMetadata } from './memory-metadata.js';

/** A reference metadata repository with a `label` option that getConfig() gives back. */
export class LabelledMetadata extends MemoryMetadata {
  constructor(readonly label: string) {
    super();
  }
  getConfig(): JsonObject {
    return { label: this.label };
  }
}

/** A reference artifact repository with no options. */
export class ConfiguredArtifacts extends KeyValueArtifacts {
  getConfig(): JsonObject {
    return {};
  }
}

const labelled = (options: JsonObject) => {
  const { label } = checkPluginOptions<{ label: string }>('metadata', 'ref', options, {
    label: { type: 'string', required: true },
  });
  return new LabelledMetadata(label);
};

/** A correct plugin: metadata and artifact type `ref`. */
export const referencePlugin: EbonitePlugin = {
  metadata: { ref: labelled },
  artifact: { ref: () => new ConfiguredArtifacts() },
};
export const referencePackageJson = {
  name: 'ebonite-plugin-ref',
  ebonite: { metadata: ['ref'], artifact: ['ref'] },
};

// Broken plugins, each wrong in one way.

/** Exports a type its package.json does not declare. */
export const undeclaredTypePlugin: EbonitePlugin = {
  ...referencePlugin,
  artifact: { ...referencePlugin.artifact, extra: () => new ConfiguredArtifacts() },
};

/** Makes a repository without `specificationVersion` (a contract from before versioning). */
export const unversionedPlugin: EbonitePlugin = {
  ...referencePlugin,
  metadata: {
    ref: (options) => {
      const repo = labelled(options);
      Object.defineProperty(repo, 'specificationVersion', { value: undefined });
      return repo;
    },
  },
};

/** getConfig() names the option differently from what the factory takes. */
export const unfaithfulConfigPlugin: EbonitePlugin = {
  ...referencePlugin,
  metadata: {
    ref: (options) => {
      const repo = labelled(options);
      return Object.assign(repo, {
        getConfig: () => ({ name: repo.label }),
      }) as MetadataRepositoryV1;
    },
  },
};

/** getConfig() drops an option, so the rebuilt repository differs. */
export const lossyConfigPlugin: EbonitePlugin = {
  ...referencePlugin,
  metadata: {
    ref: (options) => {
      const repo = new LabelledMetadata(
        typeof options.label === 'string' ? options.label : 'default',
      );
      return Object.assign(repo, {
        getConfig: () => (repo.label === 'default' ? {} : { label: `${repo.label}!` }),
      }) as MetadataRepositoryV1;
    },
  },
};
