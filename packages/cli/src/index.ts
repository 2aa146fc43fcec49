export { runCli } from './run-cli.js';
export { createProgram } from './program.js';
export { type CliIo, CommandContext, type GlobalOptions } from './cli-context.js';
export { ExitCode, exitCodeFor } from './exit-codes.js';
export { CONFIG_ENV, DEFAULT_REGISTRY, type ClientLocation, locateClient, openClient } from './open-client.js';
export { CliError } from './cli-error.js';
