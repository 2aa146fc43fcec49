import { type CheckGroup, registerChecks } from '../check.js';
import { deleteChecks } from './deletes.js';
import { failureChecks } from './failures.js';
import { misuseChecks } from './misuse.js';
import { modelChecks } from './models.js';
import type { ClientTestOptions } from './options.js';
import { projectTaskChecks } from './projects-tasks.js';

/** Every check of the client suite, by group. */
export const clientCheckGroups: CheckGroup<ClientTestOptions>[] = [
  projectTaskChecks,
  modelChecks,
  failureChecks,
  deleteChecks,
  misuseChecks,
];

/**
 * Registers the conformance suite of a whole client (`Ebonite` from @ebonite/core over a pair of
 * repositories) as vitest `describe`/`it` blocks. Call it at the top level of a test file:
 *
 * ```ts
 * clientTests({ name: 'local', create: async () => new Ebonite(localMetadata({ path }), localArtifacts({ root })) });
 * ```
 */
export function clientTests(options: ClientTestOptions): void {
  registerChecks(options.name, clientCheckGroups, options);
}
