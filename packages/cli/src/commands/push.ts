import { type ArtifactSource, Model, parseRegistryPath } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { collectFiles } from '../files/collect-files.js';
import { lazyFileStream } from '../files/file-stream.js';
import { parseParams, parseTagChanges } from '../files/params.js';
import { formatBytes, plural } from '../output/format.js';

export interface PushOptions {
  param?: string[];
  tag?: string[];
  description?: string;
  json?: boolean;
}

/**
 * `ebonite push project/task/model FILE|DIR...`: pushes the files as a new model, creating the project
 * and the task when missing. Fails (exit 4) when the model exists. Without the model's name
 * (`project/task`), pushes the task's next version (`v1`, `v2`, ...).
 */
export async function pushCommand(
  ctx: CommandContext,
  pathText: string,
  fileArgs: string[],
  options: PushOptions,
): Promise<void> {
  const path = parseRegistryPath(pathText, { min: 2, max: 3 });
  const params = parseParams(options.param ?? []);
  const tags = tagsOf(options.tag ?? []);
  const files = await collectFiles(fileArgs, ctx.io.cwd);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  await ctx.withClient(
    async (client) => {
      const progress = await ctx.progress();
      let done = 0;
      // Prototype-free: a file named `__proto__` is an artifact like any other.
      const artifacts: Record<string, ArtifactSource> = Object.create(null);
      for (const file of files) {
        artifacts[file.name] = lazyFileStream(
          file.path,
          () => progress.line(`pushing ${file.name} (${formatBytes(file.size)})`),
          (bytes) => {
            done += bytes;
            progress.update(done);
          },
        );
      }
      const model = Model.create({
        ...(path.model !== undefined && { name: path.model }),
        ...(tags && { tags }),
        artifacts,
        params,
        description: options.description ?? '',
      });
      const task = await client.getOrCreateTask(path.project!, path.task!);
      progress.start(total, pathText);
      let pushed: Model;
      try {
        pushed = await client.pushModel(model, task);
      } finally {
        progress.stop();
      }
      const shown = `${path.project}/${path.task}/${pushed.name}`;
      if (options.json) ctx.out(JSON.stringify(pushed.toRecord(), null, 2));
      else
        ctx.out(
          `pushed ${shown} ${pushed.id} (${plural(files.length, 'artifact')}, ${formatBytes(total)})`,
        );
    },
    { mustExist: false },
  );
}

/** `--tag k=v` of a push: values as given (an empty value is an empty tag, nothing to remove). */
function tagsOf(pairs: readonly string[]): Record<string, string> | undefined {
  if (!pairs.length) return undefined;
  const tags: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(parseTagChanges(pairs, '--tag')))
    tags[key] = value ?? '';
  return tags;
}
