import { type Ebonite, parseModelRef, parseRegistryPath, Task } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { formatDate } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { resolveModel } from './model-path.js';
import { resolvePath } from './resolve-path.js';

export interface AliasOptions {
  json?: boolean;
}

/** The task `project/task` names: `E_NON_EXISTING_…` (exit 3) when absent. */
async function taskAt(client: Ebonite, text: string): Promise<Task> {
  const { task } = await resolvePath(client, parseRegistryPath(text, { min: 2, max: 2 }));
  return new Task(task!);
}

/**
 * `ebonite alias set project/task ALIAS MODEL`: points ALIAS at MODEL (a model name in the task, or
 * `@other` to copy another alias, `@latest` for the newest), recorded in the alias's history.
 */
export async function aliasSetCommand(
  ctx: CommandContext,
  taskText: string,
  alias: string,
  modelText: string,
  options: AliasOptions,
): Promise<void> {
  await ctx.withClient(async (client) => {
    parseRegistryPath(taskText, { min: 2, max: 2 });
    const target = parseModelRef(
      modelText.startsWith('@') ? `${taskText}${modelText}` : `${taskText}/${modelText}`,
    );
    const { task, model } = await resolveModel(client, target);
    const stored = await client.setAlias(task, alias, model);
    if (options.json) return ctx.out(JSON.stringify(stored, null, 2));
    ctx.out(`${taskText}@${alias} -> ${model.name} (${model.id})`);
  });
}

/** `ebonite alias ls project/task`: the aliases set on the task, with their models. */
export async function aliasLsCommand(
  ctx: CommandContext,
  taskText: string,
  options: AliasOptions,
): Promise<void> {
  await ctx.withClient(async (client) => {
    const aliases = await client.getAliases(await taskAt(client, taskText));
    if (options.json) return ctx.out(JSON.stringify(aliases, null, 2));
    ctx.out(
      renderTable(
        ['ALIAS', 'MODEL', 'MODEL ID', 'UPDATED', 'AUTHOR'],
        aliases.map((a) => [a.alias, a.modelName, a.modelId, formatDate(a.updatedAt), a.author]),
      ),
    );
  });
}

/** `ebonite alias rm project/task ALIAS`: removes the alias (recorded in its history). */
export async function aliasRmCommand(
  ctx: CommandContext,
  taskText: string,
  alias: string,
  options: AliasOptions,
): Promise<void> {
  await ctx.withClient(async (client) => {
    await client.deleteAlias(await taskAt(client, taskText), alias);
    if (options.json) return ctx.out(JSON.stringify({ deleted: `${taskText}@${alias}` }));
    ctx.out(`deleted alias ${taskText}@${alias}`);
  });
}

/** `ebonite alias history project/task ALIAS`: every move of the alias, newest first. */
export async function aliasHistoryCommand(
  ctx: CommandContext,
  taskText: string,
  alias: string,
  options: AliasOptions,
): Promise<void> {
  await ctx.withClient(async (client) => {
    const task = await taskAt(client, taskText);
    const events = await client.getAliasHistory(task, alias);
    if (options.json) return ctx.out(JSON.stringify(events, null, 2));
    // Model names where the models still exist; a deleted one shows as its id.
    const names = new Map<string, string>();
    for (const id of new Set(events.flatMap((e) => [e.modelId, e.previousModelId])))
      if (id) names.set(id, (await client.meta.getModelById(id))?.name ?? id);
    const show = (id: string | null) => (id === null ? '-' : (names.get(id) ?? id));
    ctx.out(
      renderTable(
        ['AT', 'MODEL', 'PREVIOUS', 'AUTHOR'],
        events.map((e) => [formatDate(e.at), show(e.modelId), show(e.previousModelId), e.author]),
      ),
    );
  });
}
