export { type CliIo, CommandContext, type GlobalOptions } from './cli-context.js';
export { CliError } from './cli-error.js';
export { ExitCode, exitCodeFor } from './exit-codes.js';
export {
  type ClientLocation,
  CONFIG_ENV,
  DEFAULT_REGISTRY,
  locateClient,
  openClient,
} from './open-client.js';
export { createProgram } from './program.js';
export { runCli } from './run-cli.js';
