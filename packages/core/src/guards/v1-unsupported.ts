import { NotSupportedError } from '../errors/store-errors.js';

/**
 * What a metadata repository of contract v1 cannot store: `what` ("Tags", "Aliases", "Pushing a model
 * without a name") names it. The message names the plugin's type and its contract, and what to do.
 */
export function v1Unsupported(type: string, what: string): NotSupportedError {
  return new NotSupportedError(what, {
    message: `${what}: not supported by the "${type}" metadata repository, whose plugin implements contract v1 (tags, aliases and versions need contract v2). Upgrade the plugin to a version implementing metadata contract v2, or do without (give models a name; search works without tag filters).`,
  });
}
