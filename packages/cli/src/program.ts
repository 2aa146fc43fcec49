import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { type CliIo, CommandContext, type GlobalOptions } from './cli-context.js';
import {
  aliasHistoryCommand,
  aliasLsCommand,
  aliasRmCommand,
  aliasSetCommand,
} from './commands/alias.js';
import { checkCommand } from './commands/check.js';
import { copyCommand } from './commands/copy.js';
import { type LsOptions, lsCommand } from './commands/ls.js';
import { pullCommand } from './commands/pull.js';
import { pushCommand } from './commands/push.js';
import { rmCommand } from './commands/rm.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { tagCommand } from './commands/tag.js';
import { tokenCreateCommand, tokenLsCommand, tokenRevokeCommand } from './commands/token.js';
import { EXIT_CODES_HELP, ExitCode, exitCodeFor } from './exit-codes.js';
import { collect } from './files/params.js';
import { CONFIG_ENV } from './open-client.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Builds the `ebonite` command line. Every action stores its exit code in `result.code`; commander's own
 * errors (unknown option, missing argument) throw a `CommanderError` (exitOverride).
 */
export function createProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('ebonite');
  const context = (command: Command) =>
    new CommandContext(io, command.optsWithGlobals<GlobalOptions>());
  const run =
    <A extends unknown[]>(action: (ctx: CommandContext, ...args: A) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const code = await action(context(command), ...(args.slice(0, -1) as A));
      result.code = typeof code === 'number' ? code : ExitCode.ok;
    };

  program
    .description('Browse, push, pull, copy and check ebonite model registries.')
    .version(version, '-V, --version')
    .option(
      '-c, --config <file>',
      `the registry: a client config file (from saveClientConfig) or a local registry folder; default $${CONFIG_ENV}, else ./.ebonite`,
    )
    .option('-q, --quiet', 'no progress or news on stderr, only results and errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  program
    .command('ls')
    .description(
      'list projects, the tasks of a project, or the models of a task (name, id, creation date, author; size and artifact count for models); with --tag, --param, --sort, --limit or --cursor, search the models there (the whole registry without a path), a page at a time',
    )
    .argument('[path]', 'project or project/task')
    .option(
      '--tag <key=value>',
      'only models with this tag, repeatable (all must match)',
      collect,
      [],
    )
    .option(
      '--param <key=value>',
      'only models whose top-level param equals this JSON scalar (else text), repeatable',
      collect,
      [],
    )
    .option('--sort <by>', 'name (A to Z) or created (newest first, the default)')
    .option('--order <order>', 'asc or desc, to reverse --sort')
    .option('--limit <n>', 'models per page (default 100, at most 1000)')
    .option('--cursor <cursor>', 'the next page: the cursor the previous page printed')
    .option('--json', 'print JSON instead of a table')
    .action(
      run((ctx, path: string | undefined, options) => lsCommand(ctx, path, options as LsOptions)),
    );

  program
    .command('show')
    .description('show everything about one model, its artifacts with sizes and digests')
    .argument('<path>', 'project/task/model, or project/task@alias (@latest: the newest)')
    .option('--json', 'print JSON')
    .action(
      run((ctx, path: string, options) => showCommand(ctx, path, options as { json?: boolean })),
    );

  program
    .command('tag')
    .description(
      'set tags on a task or a model, merged atomically: key=value sets, key= (empty) removes',
    )
    .argument('<path>', 'project/task, project/task/model or project/task@alias')
    .argument('<tags...>', 'key=value, or key= to remove')
    .option('--json', 'print the tagged task or model as JSON')
    .action(
      run((ctx, path: string, tags: string[], options) =>
        tagCommand(ctx, path, tags, options as { json?: boolean }),
      ),
    );

  const alias = program
    .command('alias')
    .description('name models of a task (production, staging, ...); every move is recorded');
  alias
    .command('set')
    .description('point an alias at a model of the task (moving it if it is set)')
    .argument('<task>', 'project/task')
    .argument('<alias>', 'the alias (not "latest", which is always the newest model)')
    .argument('<model>', 'a model name in the task, or @alias to copy another alias')
    .option('--json', 'print the alias as JSON')
    .action(
      run((ctx, task: string, name: string, model: string, options) =>
        aliasSetCommand(ctx, task, name, model, options as { json?: boolean }),
      ),
    );
  alias
    .command('ls')
    .description('list the aliases of a task with their models')
    .argument('<task>', 'project/task')
    .option('--json', 'print JSON')
    .action(
      run((ctx, task: string, options) => aliasLsCommand(ctx, task, options as { json?: boolean })),
    );
  alias
    .command('rm')
    .description('remove an alias (recorded in its history)')
    .argument('<task>', 'project/task')
    .argument('<alias>', 'the alias')
    .option('--json', 'print JSON')
    .action(
      run((ctx, task: string, name: string, options) =>
        aliasRmCommand(ctx, task, name, options as { json?: boolean }),
      ),
    );
  alias
    .command('history')
    .description('every move of an alias, newest first: when, to which model, from which, by whom')
    .argument('<task>', 'project/task')
    .argument('<alias>', 'the alias')
    .option('--json', 'print JSON')
    .action(
      run((ctx, task: string, name: string, options) =>
        aliasHistoryCommand(ctx, task, name, options as { json?: boolean }),
      ),
    );

  program
    .command('push')
    .description(
      'push files and folders as a new model, creating the project and the task when missing; a folder adds every file below it, named by its path inside the folder',
    )
    .argument(
      '<path>',
      "project/task/model, or project/task for the task's next version (v1, v2, ...)",
    )
    .argument('<files...>', 'files and folders')
    .option(
      '-p, --param <key=value>',
      'a model param, repeatable; the value is read as JSON when it parses (3, true, [1,2]), else as a string',
      collect,
      [],
    )
    .option('-d, --description <text>', 'the model description')
    .option('-t, --tag <key=value>', 'a model tag, repeatable', collect, [])
    .option('--json', 'print the pushed model as JSON')
    .action(
      run((ctx, path: string, files: string[], options) =>
        pushCommand(ctx, path, files, options as object),
      ),
    );

  program
    .command('pull')
    .description("write a model's artifacts into a folder, each checked against its digest")
    .argument('<path>', 'project/task/model, or project/task@alias (@latest: the newest)')
    .argument('<dir>', 'the folder to write into (created when missing)')
    .option('-f, --force', 'overwrite files that exist')
    .option('--json', 'print the pulled model as JSON')
    .action(
      run((ctx, path: string, dir: string, options) =>
        pullCommand(ctx, path, dir, options as object),
      ),
    );

  program
    .command('rm')
    .description(
      'delete a model, or a task or project (with everything in it under --cascade); asks first',
    )
    .argument('<path>', 'project, project/task, project/task/model or project/task@alias')
    .option('--cascade', 'also delete the tasks and models inside')
    .option('--force', 'delete a model even when aliases point at it (they are removed)')
    .option('--json', 'print what was deleted as JSON')
    .option('-y, --yes', 'do not ask')
    .action(run((ctx, path: string, options) => rmCommand(ctx, path, options as object)));

  program
    .command('copy')
    .description(
      'copy models with their artifacts to another registry, keeping ids; run it again to resume an interrupted copy',
    )
    .argument('[path]', 'only this project, project/task or project/task/model')
    .requiredOption(
      '--to <config>',
      'the target registry: a client config file or a local registry folder',
    )
    .option(
      '--from <config>',
      'the source registry (default: --config, $EBONITE_CONFIG or ./.ebonite)',
    )
    .option('--concurrency <n>', 'models copied at once', '4')
    .option('--json', 'print the report as JSON')
    .action(
      run((ctx, path: string | undefined, options) =>
        copyCommand(ctx, path, options as { to: string }),
      ),
    );

  program
    .command('check')
    .description(
      'find models whose artifacts are missing or do not match their digests, and files no metadata points to (orphans)',
    )
    .option(
      '--repair',
      'delete the orphans (only them; damaged models are reported, never changed)',
    )
    .option('--quick', 'compare sizes only, without reading the files back')
    .option(
      '--grace <minutes>',
      'leave alone orphans written this recently: they may be a push in progress',
      '10',
    )
    .option('--json', 'print the report as JSON')
    .action(run((ctx, options) => checkCommand(ctx, options as object)));

  program
    .command('serve')
    .description(
      'serve the registry (--config) to a team over HTTP: a REST API under /api/v1/ with tokens; stops gracefully on SIGTERM',
    )
    .option('--port <port>', 'the port (0: any free one)', '8080')
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--tokens <file>', 'the tokens file (ebonite token create writes it)')
    .option('--allow-anonymous-read', 'requests without a token may read')
    .option('--no-web', 'serve the API only, without the web pages at /')
    .option(
      '--trust-client-author',
      "record the author clients send in alias histories, not the token's name",
    )
    .option(
      '--shutdown-timeout <seconds>',
      'how long requests in flight may finish on SIGTERM',
      '10',
    )
    .option('--max-artifact-bytes <n>', 'the largest artifact a push may send (413 beyond)')
    .option('--body-limit <n>', 'the largest JSON body, in bytes (default 1 MiB)')
    .option('--max-uploads <n>', 'pushes streaming at once (default 8)')
    .option(
      '--headers-timeout <seconds>',
      'close connections whose headers take longer (default 30)',
    )
    .option(
      '--request-timeout <seconds>',
      'answer 503 to requests other than pushes that take longer (default 60)',
    )
    .option('--idle-timeout <seconds>', 'close connections silent for longer (default 60)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .action(run((ctx, options) => serveCommand(ctx, options as object)));

  const token = program
    .command('token')
    .description('create, list and revoke the tokens of ebonite serve');
  token
    .command('create')
    .description('create a token; it is printed once, alone on the last line')
    .requiredOption('--tokens <file>', 'the tokens file (created when missing, mode 0600)')
    .requiredOption('--name <name>', 'a name for the token (who or what uses it)')
    .option('--scope <scope>', 'read, write or admin', 'read')
    .action(
      run((ctx, options) =>
        tokenCreateCommand(ctx, options as { tokens: string; name: string; scope: string }),
      ),
    );
  token
    .command('ls')
    .description('list the tokens: name, scope, creation date (never the tokens)')
    .requiredOption('--tokens <file>', 'the tokens file')
    .option('--json', 'print JSON')
    .action(run((ctx, options) => tokenLsCommand(ctx, options as { tokens: string })));
  token
    .command('revoke')
    .description('revoke a token; a running server refuses it from its next request on')
    .argument('<name>', 'the token name')
    .requiredOption('--tokens <file>', 'the tokens file')
    .action(
      run((ctx, name: string, options) =>
        tokenRevokeCommand(ctx, name, options as { tokens: string }),
      ),
    );

  for (const command of program.commands) command.addHelpText('after', EXIT_CODES_HELP);
  return program;
}

/** The exit code for commander's own outcome: 0 for --help and --version, else usage. */
export function commanderExitCode(error: CommanderError): number {
  return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
}

export { CommanderError, exitCodeFor };
