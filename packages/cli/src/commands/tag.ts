import { parseModelRef, parseRegistryPath, Task } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { parseTagChanges } from '../files/params.js';
import { formatTags } from '../output/format.js';
import { isAliasPath, resolveModel } from './model-path.js';
import { resolvePath } from './resolve-path.js';

export interface TagOptions {
  json?: boolean;
}

/**
 * `ebonite tag PATH k=v k2=`: merges tags into a task (`project/task`) or a model
 * (`project/task/model`, `project/task@alias`) atomically; an empty value removes the key. Prints the
 * tags it ends with.
 */
export async function tagCommand(
  ctx: CommandContext,
  pathText: string,
  pairs: string[],
  options: TagOptions,
): Promise<void> {
  if (!pairs.length)
    throw new CliError('E_USAGE', 'Give at least one tag: key=value sets it, key= removes it.');
  const changes = parseTagChanges(pairs);
  const isTask = pathText.split('/').length === 2 && !isAliasPath(pathText);
  await ctx.withClient(async (client) => {
    if (isTask) {
      const path = parseRegistryPath(pathText, { min: 2, max: 2 });
      const { task } = await resolvePath(client, path);
      const tagged = await client.setTaskTags(new Task(task!), changes);
      if (options.json) return ctx.out(JSON.stringify(tagged.toRecord(), null, 2));
      return ctx.out(`${pathText}: ${formatTags(tagged.tags)}`);
    }
    const path = parseModelRef(pathText);
    const { model } = await resolveModel(client, path);
    const tagged = await client.setModelTags(model, changes);
    if (options.json) return ctx.out(JSON.stringify(tagged.toRecord(), null, 2));
    ctx.out(`${path.project}/${path.task}/${tagged.name}: ${formatTags(tagged.tags)}`);
  });
}
