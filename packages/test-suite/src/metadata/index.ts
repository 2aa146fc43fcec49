import type { CheckGroup } from '../check.js';
import { registerChecks } from '../check.js';
import { cascadeChecks } from './cascade.js';
import { concurrencyChecks } from './concurrency.js';
import { errorNameChecks } from './error-names.js';
import { modelChecks } from './models.js';
import type { MetadataRepositoryTestOptions } from './options.js';
import { persistenceChecks } from './persistence.js';
import { projectChecks } from './projects.js';
import { raceChecks } from './races.js';
import { taskChecks } from './tasks.js';
import { unicodeChecks } from './unicode.js';
import { aliasEventChecks } from './v2-alias-events.js';
import { aliasChecks } from './v2-aliases.js';
import { searchChecks } from './v2-search.js';
import { tagChecks } from './v2-tags.js';
import { versionChecks } from './v2-versions.js';

/** Every check of the metadata suite, by group. */
export const metadataCheckGroups: CheckGroup<MetadataRepositoryTestOptions>[] = [
  projectChecks,
  taskChecks,
  modelChecks,
  cascadeChecks,
  unicodeChecks,
  concurrencyChecks,
  raceChecks,
  persistenceChecks,
  errorNameChecks,
  versionChecks,
  tagChecks,
  aliasChecks,
  aliasEventChecks,
  searchChecks,
];

/**
 * Registers the conformance suite of a `MetadataRepository` as vitest `describe`/`it` blocks.
 * Call it at the top level of a test file:
 *
 * ```ts
 * metadataRepositoryTests({ name: 'my-store', create: async () => myMetadata({ url }), capabilities: { persistent: true } });
 * ```
 */
export function metadataRepositoryTests(options: MetadataRepositoryTestOptions): void {
  registerChecks(options.name, metadataCheckGroups, options);
}
