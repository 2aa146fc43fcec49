import { parseModelRef } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { formatBytes, formatDate, formatTags, modelSize, plural } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { resolveModel } from './model-path.js';

export interface ShowOptions {
  json?: boolean;
}

/**
 * `ebonite show project/task/model` (or `project/task@alias`): everything about one model, its
 * artifacts with sizes and digests.
 */
export async function showCommand(
  ctx: CommandContext,
  pathText: string,
  options: ShowOptions,
): Promise<void> {
  const path = parseModelRef(pathText);
  await ctx.withClient(async (client) => {
    const { project, task: t, model } = await resolveModel(client, path);
    const task = t.toRecord();
    const m = model.toRecord();
    if (options.json) return ctx.out(JSON.stringify({ project, task, model: m }, null, 2));
    const fields: Array<[string, string]> = [
      ['model', `${project.name}/${task.name}/${m.name}`],
      ['id', m.id],
      ['version', m.version == null ? '-' : String(m.version)],
      ['tags', formatTags(m.tags)],
      ['author', m.author],
      ['created', formatDate(m.creationDate)],
      ['project', `${project.name} (${project.id})`],
      ['task', `${task.name} (${task.id})`],
      ['description', m.description || '-'],
      ['params', Object.keys(m.params).length ? JSON.stringify(m.params) : '-'],
      [
        'requirements',
        m.requirements.length
          ? m.requirements
              .map((r) => (r.version ? `${r.package}@${r.version}` : r.package))
              .join(', ')
          : '-',
      ],
      ['wrapper', m.wrapper ? JSON.stringify(m.wrapper) : '-'],
      ['size', `${formatBytes(modelSize(m))} in ${plural(m.artifacts.length, 'artifact')}`],
    ];
    const width = Math.max(...fields.map(([k]) => k.length));
    let text = fields.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
    if (m.artifacts.length)
      text += `\n\n${renderTable(
        ['ARTIFACT', 'SIZE', 'BYTES', 'DIGEST'],
        m.artifacts.map((a) => [a.name, formatBytes(a.size), String(a.size), a.digest]),
        [1, 2],
      )}`;
    ctx.out(text);
  });
}
