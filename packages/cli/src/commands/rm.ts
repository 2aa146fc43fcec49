import { createInterface } from 'node:readline/promises';
import {
  type AliasInfo,
  type Ebonite,
  EboniteError,
  ModelHasAliasesError,
  type ModelRef,
  Project,
  ProjectWithTasksError,
  parseModelRef,
  parseRegistryPath,
  Task,
  TaskWithModelsError,
} from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { formatBytes, modelSize, plural } from '../output/format.js';
import { isAliasPath, resolveModel } from './model-path.js';
import { type ResolvedPath, resolvePath } from './resolve-path.js';

async function resolveByAlias(client: Ebonite, path: ModelRef): Promise<ResolvedPath> {
  const { project, task, model } = await resolveModel(client, path);
  return { project, task: task.toRecord(), model: model.toRecord() };
}

export interface RmOptions {
  cascade?: boolean;
  yes?: boolean;
  /** Delete a model even when aliases point at it (they go with it, recorded in their history). */
  force?: boolean;
  json?: boolean;
}

/**
 * `ebonite rm project[/task[/model]]`: deletes a model (metadata, then files), or a task or project, with
 * everything in it under `--cascade`. A model aliases point at needs `--force` (the aliases go with
 * it). Asks first (on stdin) unless `--yes`.
 */
export async function rmCommand(
  ctx: CommandContext,
  pathText: string,
  options: RmOptions,
): Promise<void> {
  const byAlias = isAliasPath(pathText);
  const path = byAlias ? parseModelRef(pathText) : parseRegistryPath(pathText, { min: 1, max: 3 });
  await ctx.withClient(async (client) => {
    const resolved: ResolvedPath = byAlias
      ? await resolveByAlias(client, path as ModelRef)
      : await resolvePath(client, path);
    const what = await describe(client, resolved, pathText, options);
    if (!options.yes && !(await confirm(ctx, `Delete ${what}? [y/N] `)))
      throw new CliError('E_CANCELLED', 'Nothing deleted.');
    const { project, task, model } = resolved;
    if (model)
      await client.deleteModel((await client.getModel(model.name, new Task(task!)))!, {
        force: options.force === true,
      });
    else if (task) await client.deleteTask(new Task(task), { cascade: options.cascade === true });
    else await client.deleteProject(new Project(project!), { cascade: options.cascade === true });
    if (options.json) ctx.out(JSON.stringify({ deleted: what }));
    else ctx.out(`deleted ${what}`);
  });
}

/** What will go, for the question; fails early (exit 4, nothing asked) when a parent has children and `--cascade` is not given. */
async function describe(
  client: Ebonite,
  { project, task, model }: ResolvedPath,
  pathText: string,
  { cascade = false, force = false }: RmOptions,
): Promise<string> {
  if (model && !force) {
    const aliases = (await aliasesOf(client, new Task(task!)))
      .filter((a) => a.modelId === model.id)
      .map((a) => a.alias);
    if (aliases.length)
      throw new ModelHasAliasesError(pathText, aliases, {
        hint: 'pass --force to remove them with the model, or move them first (ebonite alias set).',
      });
  }
  if (model)
    return `model ${pathText} (${plural(model.artifacts.length, 'artifact')}, ${formatBytes(modelSize(model))})`;
  const tasks = task ? [task] : await client.meta.getTasks(project!.id);
  let models = 0;
  let bytes = 0;
  for (const t of tasks) {
    for (const m of await client.meta.getModels(t.id)) {
      models++;
      bytes += modelSize(m);
    }
  }
  const hasChildren = task ? models > 0 : tasks.length > 0;
  if (hasChildren && !cascade) {
    const children = task ? plural(models, 'model') : plural(tasks.length, 'task');
    const hint = `pass --cascade to delete its ${children} too.`;
    throw task
      ? new TaskWithModelsError(pathText, { hint })
      : new ProjectWithTasksError(pathText, { hint });
  }
  const contents = task
    ? plural(models, 'model')
    : `${plural(tasks.length, 'task')} and ${plural(models, 'model')}`;
  return `${task ? 'task' : 'project'} ${pathText} with ${contents} (${formatBytes(bytes)})`;
}

/** The aliases of a task; none on a registry that has no aliases (a metadata plugin of contract v1). */
async function aliasesOf(client: Ebonite, task: Task): Promise<AliasInfo[]> {
  try {
    return await client.getAliases(task);
  } catch (error) {
    if (EboniteError.isInstance(error, 'E_NOT_SUPPORTED')) return [];
    throw error;
  }
}

/** Asks on stderr and reads one line from stdin; only `y` or `yes` agrees (end of input declines). */
async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  const rl = createInterface({
    input: ctx.io.stdin,
    output: ctx.io.stderr as NodeJS.WritableStream,
    terminal: ctx.io.stdin.isTTY === true,
  });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('close', () => resolve(''));
      rl.question(question).then(resolve, () => resolve(''));
    });
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
