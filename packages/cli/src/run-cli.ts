import { EboniteError } from '@ebonite/core';
import type { CliIo } from './cli-context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { CommanderError, commanderExitCode, createProgram } from './program.js';

/**
 * Runs `ebonite` with the arguments after the program name and resolves to the exit code. Errors are
 * printed on stderr as `ebonite: <message>` (with the error code, and the cause's message when it adds
 * something); nothing is thrown.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const result = { code: ExitCode.ok };
  try {
    await createProgram(io, result).parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    io.stderr.write(`ebonite: ${describeError(error)}\n`);
    return exitCodeFor(error);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let text = EboniteError.isInstance(error) ? `${error.message} [${error.code}]` : error.message;
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  if (cause && !error.message.includes(cause)) text += `\n  caused by: ${cause}`;
  return text;
}
