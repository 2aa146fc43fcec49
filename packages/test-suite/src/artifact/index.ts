import { type CheckGroup, registerChecks } from '../check.js';
import { failureChecks } from './failures.js';
import { isolationChecks } from './isolation.js';
import { listingChecks } from './listing.js';
import { missingAndExistingChecks } from './missing-and-existing.js';
import type { ArtifactRepositoryTestOptions } from './options.js';
import { persistenceChecks } from './persistence.js';
import { roundTripChecks } from './round-trip.js';

/** Every check of the artifact suite, by group. */
export const artifactCheckGroups: CheckGroup<ArtifactRepositoryTestOptions>[] = [
  roundTripChecks,
  missingAndExistingChecks,
  isolationChecks,
  failureChecks,
  listingChecks,
  persistenceChecks,
];

/**
 * Registers the conformance suite of an `ArtifactRepository` as vitest `describe`/`it` blocks.
 * Call it at the top level of a test file:
 *
 * ```ts
 * artifactRepositoryTests({ name: 'my-store', create: async () => myArtifacts({ root }), capabilities: { persistent: true } });
 * ```
 */
export function artifactRepositoryTests(options: ArtifactRepositoryTestOptions): void {
  registerChecks(options.name, artifactCheckGroups, options);
}
