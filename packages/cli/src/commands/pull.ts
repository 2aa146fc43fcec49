import { resolve } from 'node:path';
import { parseModelRef } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { plannedTargets } from '../files/write-artifacts.js';
import { formatBytes, modelSize, plural } from '../output/format.js';
import { resolveModel } from './model-path.js';

export interface PullOptions {
  force?: boolean;
  json?: boolean;
}

/**
 * `ebonite pull project/task/model DIR` (or `project/task@alias`): writes the model's artifacts under DIR, each checked against its
 * recorded size and digest while it streams (exit 5 on a mismatch, leaving DIR as it was).
 */
export async function pullCommand(
  ctx: CommandContext,
  pathText: string,
  dir: string,
  options: PullOptions,
): Promise<void> {
  const path = parseModelRef(pathText);
  await ctx.withClient(async (client) => {
    const { model } = await resolveModel(client, path);
    const shown = path.alias === undefined ? pathText : `${pathText} (${model.name})`;
    const target = resolve(ctx.io.cwd, dir);
    await plannedTargets(target, model.artifacts, options.force === true);
    const progress = await ctx.progress();
    progress.start(modelSize(model), pathText);
    progress.line(
      `pulling ${plural(model.artifacts.length, 'artifact')} (${formatBytes(modelSize(model))})`,
    );
    let done = 0;
    try {
      // Staged inside DIR and renamed into place once every file arrived verified: DIR ends up with
      // the whole model or nothing of it, and links inside DIR are refused.
      await model.files.materialize(target, {
        overwrite: options.force === true,
        onBytes: (bytes) => {
          done += bytes;
          progress.update(done);
        },
      });
    } finally {
      progress.stop();
    }
    if (options.json)
      return ctx.out(JSON.stringify({ model: model.toRecord(), dir: target }, null, 2));
    ctx.out(
      `pulled ${shown} to ${dir} (${plural(model.artifacts.length, 'artifact')}, ${formatBytes(modelSize(model))}, digests verified)`,
    );
  });
}
