import { createHash, randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidConfigError, InvalidInputError } from '@ebonite/core';
import { validateName } from '@ebonite/core/plugin';
import { isScope, type Scope } from './scopes.js';

/** One token as the tokens file keeps it: never the token itself, only its sha256. */
export interface StoredToken {
  name: string;
  scope: Scope;
  /** `sha256:<hex>` of the token string. */
  hash: string;
  /** When it was created, ISO 8601. */
  created: string;
}

/** The tokens file: `{ "format": "ebonite-tokens", "version": 1, "tokens": [...] }`. */
interface TokenFileContent {
  format: 'ebonite-tokens';
  version: 1;
  tokens: StoredToken[];
}

/** Tokens start with this, so a secret scanner (or a person) recognises one. */
export const TOKEN_PREFIX = 'ebt_';

/**
 * The sha256 of a token, as stored. A token is 256 random bits, so a plain hash cannot be reversed or
 * guessed; a slow password hash would only slow down every request.
 */
export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

/** A new random token: the prefix and 32 random bytes in base64url (43 characters). */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function checkEntry(file: string, entry: unknown): StoredToken {
  const e = entry as Partial<StoredToken> | null;
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.name !== 'string' ||
    !isScope(e.scope) ||
    typeof e.hash !== 'string' ||
    !/^sha256:[0-9a-f]{64}$/.test(e.hash)
  )
    throw new InvalidConfigError(
      `${file} holds a token entry that is not { name, scope: read|write|admin, hash: "sha256:<hex>" }: fix or remove it (ebonite token revoke).`,
    );
  return { name: e.name, scope: e.scope, hash: e.hash, created: String(e.created ?? '') };
}

/** Reads a tokens file; a missing file has no tokens. Throws `InvalidConfigError` for anything unreadable. */
export async function readTokenFile(path: string): Promise<StoredToken[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InvalidConfigError(`Cannot read the tokens file ${path}.`, { cause: error });
  }
  let json: Partial<TokenFileContent>;
  try {
    json = JSON.parse(text) as Partial<TokenFileContent>;
  } catch (cause) {
    throw new InvalidConfigError(`The tokens file ${path} is not valid JSON.`, { cause });
  }
  if (json?.format !== 'ebonite-tokens' || json.version !== 1 || !Array.isArray(json.tokens))
    throw new InvalidConfigError(
      `${path} is not an ebonite tokens file (version 1): create one with ebonite token create.`,
    );
  return json.tokens.map((entry) => checkEntry(path, entry));
}

/** Writes a tokens file atomically (a temporary file renamed over it), readable by its owner only. */
export async function writeTokenFile(path: string, tokens: StoredToken[]): Promise<void> {
  const target = resolve(path);
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const content: TokenFileContent = { format: 'ebonite-tokens', version: 1, tokens };
  try {
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    await chmod(temporary, 0o600); // whatever the umask
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Adds a token named `name` with `scope` to the file (created when missing) and returns the token: the
 * only time it is ever seen, since the file keeps its hash. Throws `InvalidInputError` when the name is
 * taken or invalid.
 */
export async function createToken(
  path: string,
  { name, scope }: { name: string; scope: Scope },
): Promise<{ token: string; entry: StoredToken }> {
  validateName('project', name);
  if (!isScope(scope))
    throw new InvalidInputError(
      `Unknown token scope ${JSON.stringify(scope)}: use read, write or admin.`,
    );
  const tokens = await readTokenFile(path);
  if (tokens.some((t) => t.name === name))
    throw new InvalidInputError(
      `A token named "${name}" exists in ${path}: revoke it first, or pick another name.`,
    );
  const token = newToken();
  const entry: StoredToken = {
    name,
    scope,
    hash: hashToken(token),
    created: new Date().toISOString(),
  };
  await writeTokenFile(path, [...tokens, entry]);
  return { token, entry };
}

/** Removes the token named `name`; a running server stops accepting it at its next request. */
export async function revokeToken(path: string, name: string): Promise<StoredToken> {
  const tokens = await readTokenFile(path);
  const found = tokens.find((t) => t.name === name);
  if (!found)
    throw new InvalidInputError(
      `No token named "${name}" in ${path}: ebonite token ls --tokens ${path} lists them.`,
    );
  await writeTokenFile(
    path,
    tokens.filter((t) => t !== found),
  );
  return found;
}
