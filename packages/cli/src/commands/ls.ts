import { parseRegistryPath } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { formatBytes, formatDate, modelSize } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { isSearch, type LsSearchOptions, lsSearch } from './ls-search.js';
import { resolvePath } from './resolve-path.js';

export type LsOptions = LsSearchOptions;

/**
 * `ebonite ls [project[/task]]`: the projects, the tasks of a project, or the models of a task; with
 * a filter, an order or a page option, a search of models there (see {@link lsSearch}).
 */
export async function lsCommand(
  ctx: CommandContext,
  pathText: string | undefined,
  options: LsOptions,
): Promise<void> {
  const path = parseRegistryPath(pathText ?? '', { max: 2 });
  await ctx.withClient(async (client) => {
    const { project, task } = await resolvePath(client, path);
    if (isSearch(options)) return lsSearch(ctx, client, { project, task }, options);
    if (task) {
      const models = await client.meta.getModels(task.id);
      if (options.json)
        return ctx.out(
          JSON.stringify(
            models.map((m) => ({ ...m, size: modelSize(m), artifactCount: m.artifacts.length })),
            null,
            2,
          ),
        );
      const rows = models.map((m) => [
        m.name,
        m.id,
        formatDate(m.creationDate),
        m.author,
        formatBytes(modelSize(m)),
        String(m.artifacts.length),
      ]);
      return ctx.out(
        renderTable(['NAME', 'ID', 'CREATED', 'AUTHOR', 'SIZE', 'ARTIFACTS'], rows, [4, 5]),
      );
    }
    const records = project
      ? await client.meta.getTasks(project.id)
      : await client.meta.getProjects();
    if (options.json) return ctx.out(JSON.stringify(records, null, 2));
    ctx.out(
      renderTable(
        ['NAME', 'ID', 'CREATED', 'AUTHOR'],
        records.map((r) => [r.name, r.id, formatDate(r.creationDate), r.author]),
      ),
    );
  });
}
