import type { EbonitePlugin } from '@ebonite/core/plugin';
import { inMemoryArtifacts } from './in-memory-artifact-repository.js';

/** The artifact types this package provides, for ebonite's resolver: `inmemory` (takes no options; each one starts empty). */
export const ebonitePlugin: EbonitePlugin = {
  artifact: { inmemory: () => inMemoryArtifacts() },
};
