import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { formatDate } from '../output/format.js';
import { renderTable } from '../output/table.js';

export interface TokenFileOption {
  tokens?: string;
}

function tokensFile(options: TokenFileOption): string {
  if (!options.tokens)
    throw new CliError(
      'E_USAGE',
      'Name the tokens file with --tokens <file> (the one ebonite serve reads).',
    );
  return options.tokens;
}

/**
 * `ebonite token create --tokens f --name ci --scope read|write|admin`: adds a token and prints it once,
 * alone on the last line of the output (the file keeps only its sha256).
 */
export async function tokenCreateCommand(
  ctx: CommandContext,
  options: TokenFileOption & { name: string; scope: string },
): Promise<void> {
  const { createToken, isScope } = await import('@ebonite/server');
  if (!isScope(options.scope))
    throw new CliError(
      'E_USAGE',
      `--scope takes read, write or admin, not ${JSON.stringify(options.scope)}.`,
    );
  const file = tokensFile(options);
  const { token, entry } = await createToken(file, { name: options.name, scope: options.scope });
  ctx.info(
    `Created the ${entry.scope} token "${entry.name}" in ${file}. It is shown once, below: keep it secret (the http backends read it from EBONITE_TOKEN).`,
  );
  ctx.out(token);
}

/** `ebonite token ls --tokens f`: names, scopes and creation dates (never the tokens). */
export async function tokenLsCommand(
  ctx: CommandContext,
  options: TokenFileOption & { json?: boolean },
): Promise<void> {
  const { readTokenFile } = await import('@ebonite/server');
  const tokens = await readTokenFile(tokensFile(options));
  if (options.json) {
    ctx.out(
      JSON.stringify(
        tokens.map(({ name, scope, created }) => ({ name, scope, created })),
        null,
        2,
      ),
    );
    return;
  }
  ctx.out(
    renderTable(
      ['NAME', 'SCOPE', 'CREATED'],
      tokens.map((t) => [t.name, t.scope, t.created ? formatDate(t.created) : '']),
    ),
  );
}

/** `ebonite token revoke NAME --tokens f`: a running server refuses it from its next request on. */
export async function tokenRevokeCommand(
  ctx: CommandContext,
  name: string,
  options: TokenFileOption,
): Promise<void> {
  const { revokeToken } = await import('@ebonite/server');
  const file = tokensFile(options);
  const removed = await revokeToken(file, name);
  ctx.out(`revoked the ${removed.scope} token "${removed.name}" in ${file}`);
}
