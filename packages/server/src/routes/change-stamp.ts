import { type ChangeStamp, InvalidInputError } from '@ebonite/core';
import { nameProblem } from '@ebonite/core/plugin';
import type { FastifyRequest } from 'fastify';

/**
 * The stamp of an alias move or a forced delete: when, as the client says (else now); who, the token's
 * name when `signByToken` (the server checks tokens and does not trust client authors: a client cannot
 * sign for another), else what the client says (by default the token's name).
 */
export function changeStamp(
  request: FastifyRequest,
  given: { author?: unknown; at?: unknown } | undefined,
  signByToken: boolean,
): ChangeStamp {
  const at = given?.at ?? new Date().toISOString();
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)))
    throw new InvalidInputError(
      `The change's "at" must be an ISO 8601 date (UTC), not ${JSON.stringify(at) ?? 'nothing'}.`,
    );
  const identity = request.identity;
  if (signByToken && identity && identity.name !== 'anonymous')
    return { author: identity.name, at };
  const author = given?.author ?? identity?.name;
  if (typeof author !== 'string')
    throw new InvalidInputError(
      `The change's "author" must be a string, not ${JSON.stringify(author) ?? 'nothing'}.`,
    );
  return { author, at };
}

/** An alias from a path parameter, checked like a name before anything else sees it. */
export function aliasParam(alias: string): string {
  const problem = nameProblem(alias);
  if (problem)
    throw new InvalidInputError(
      `Invalid alias ${JSON.stringify(alias)}: ${problem}. Use a non-empty name of at most 255 characters without "/", "\\" or control characters.`,
    );
  return alias;
}
