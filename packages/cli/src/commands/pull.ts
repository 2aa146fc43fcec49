import { resolve } from 'node:path';
import { modelSize, parseRegistryPath } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { plannedTargets, writeArtifact } from '../files/write-artifacts.js';
import { formatBytes, plural } from '../output/format.js';
import { resolvePath } from './resolve-path.js';

export interface PullOptions {
  force?: boolean;
}

/**
 * `ebonite pull project/task/model DIR`: writes the model's artifacts under DIR, each checked against its
 * recorded size and digest while it streams (exit 5 on a mismatch, leaving no partial file).
 */
export async function pullCommand(
  ctx: CommandContext,
  pathText: string,
  dir: string,
  options: PullOptions,
): Promise<void> {
  const path = parseRegistryPath(pathText, { min: 3, max: 3 });
  await ctx.withClient(async (client) => {
    const model = (await resolvePath(client, path)).model!;
    const targets = await plannedTargets(
      resolve(ctx.io.cwd, dir),
      model.artifacts,
      options.force === true,
    );
    const progress = await ctx.progress();
    progress.start(modelSize(model), pathText);
    let done = 0;
    try {
      for (const artifact of model.artifacts) {
        progress.line(`pulling ${artifact.name} (${formatBytes(artifact.size)})`);
        const open = () => client.artifacts.open(model.id, artifact.name, artifact);
        await writeArtifact(open, targets.get(artifact.name)!, (bytes) => {
          done += bytes;
          progress.update(done);
        });
      }
    } finally {
      progress.stop();
    }
    ctx.out(
      `pulled ${pathText} to ${dir} (${plural(model.artifacts.length, 'artifact')}, ${formatBytes(modelSize(model))}, digests verified)`,
    );
  });
}
