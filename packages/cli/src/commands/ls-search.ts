import type { Ebonite, Model, ProjectRecord, TaskRecord } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { parseParamFilters, parseTagChanges } from '../files/params.js';
import { formatBytes, formatDate, formatTags, modelSize } from '../output/format.js';
import { renderTable } from '../output/table.js';

/** The search options of `ebonite ls`. */
export interface LsSearchOptions {
  tag?: string[];
  param?: string[];
  sort?: string;
  order?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

/** Whether `ls` was asked for a search (any filter, order or page option). */
export function isSearch(options: LsSearchOptions): boolean {
  return (
    (options.tag?.length ?? 0) > 0 ||
    (options.param?.length ?? 0) > 0 ||
    options.sort !== undefined ||
    options.order !== undefined ||
    options.limit !== undefined ||
    options.cursor !== undefined
  );
}

/**
 * `ebonite ls [project[/task]] --tag k=v --param k=v --sort name|created --limit N --cursor C`: one
 * page of the client's `searchModels` across the registry, a project or a task; the next page's cursor
 * is printed after the table (`next cursor: ...`), or as `nextCursor` with `--json`.
 */
export async function lsSearch(
  ctx: CommandContext,
  client: Ebonite,
  where: { project?: ProjectRecord; task?: TaskRecord },
  options: LsSearchOptions,
): Promise<void> {
  const tags = parseTagChanges(options.tag ?? [], '--tag');
  const empty = Object.entries(tags).find(([, v]) => v === null);
  if (empty)
    throw new CliError('E_USAGE', `--tag ${empty[0]}= has no value: give key=value to filter by.`);
  const page = await client.searchModels({
    ...(where.project && { project: where.project.name }),
    ...(where.task && { task: where.task.name }),
    tags: tags as Record<string, string>,
    params: parseParamFilters(options.param ?? []),
    ...orderOf(options),
    ...(options.limit !== undefined && { limit: wholeNumber(options.limit) }),
    ...(options.cursor !== undefined && { cursor: options.cursor }),
  });
  if (options.json)
    return ctx.out(
      JSON.stringify(
        {
          models: page.models.map((m) => ({
            ...m.toRecord(),
            size: modelSize(m),
            artifactCount: m.artifacts.length,
          })),
          nextCursor: page.nextCursor,
        },
        null,
        2,
      ),
    );
  const paths = await pathsOf(client, page.models);
  const rows = page.models.map((m) => [
    `${paths.get(m.taskId) ?? m.taskId}/${m.name}`,
    m.id,
    formatDate(m.creationDate),
    m.author,
    formatBytes(modelSize(m)),
    formatTags(m.tags),
  ]);
  let text = renderTable(['MODEL', 'ID', 'CREATED', 'AUTHOR', 'SIZE', 'TAGS'], rows, [4]);
  if (page.nextCursor) text += `next cursor: ${page.nextCursor}\n`;
  ctx.out(text);
}

function orderOf(options: LsSearchOptions) {
  const sort = options.sort ?? 'created';
  if (sort !== 'name' && sort !== 'created')
    throw new CliError('E_USAGE', `--sort takes name or created, not ${JSON.stringify(sort)}.`);
  const order = options.order ?? (sort === 'name' ? 'asc' : 'desc');
  if (order !== 'asc' && order !== 'desc')
    throw new CliError('E_USAGE', `--order takes asc or desc, not ${JSON.stringify(order)}.`);
  return {
    orderBy: sort === 'name' ? ('name' as const) : ('creationDate' as const),
    order: order as 'asc' | 'desc',
  };
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text))
    throw new CliError('E_USAGE', `--limit takes a whole number, not ${JSON.stringify(text)}.`);
  return Number(text);
}

/** `project/task` of every task the models are in, one look-up per task. */
async function pathsOf(client: Ebonite, models: readonly Model[]): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  const projects = new Map<string, string>();
  for (const taskId of new Set(models.map((m) => m.taskId))) {
    const task = await client.meta.getTaskById(taskId);
    if (!task) continue;
    if (!projects.has(task.projectId))
      projects.set(
        task.projectId,
        (await client.meta.getProjectById(task.projectId))?.name ?? task.projectId,
      );
    paths.set(taskId, `${projects.get(task.projectId)}/${task.name}`);
  }
  return paths;
}
