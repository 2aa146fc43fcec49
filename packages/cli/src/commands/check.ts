import { type ArtifactProblem, type CheckReport, checkRegistry } from '@ebonite/core';
import { describeRegistry } from '@ebonite/core/plugin';
import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { formatBytes, plural } from '../output/format.js';

export interface CheckOptions {
  repair?: boolean;
  quick?: boolean;
  /** Minutes; orphans younger than this are left alone. */
  grace?: string;
  json?: boolean;
}

/**
 * `ebonite check [--repair] [--quick]`: every model's artifacts against the metadata (present, sizes,
 * and unless `--quick` the sha256 of their contents), and files no metadata points to (orphans).
 * `--repair` deletes the orphans, nothing else, and refuses (E_SHARED_ARTIFACT_STORE, exit 4) when the
 * artifact store holds other registries' markers. Ids ebonite never gives a model are reported as
 * foreign and left alone. Exit 5 while anything is wrong.
 */
export async function checkCommand(ctx: CommandContext, options: CheckOptions): Promise<number> {
  const graceMinutes = Number(options.grace ?? '10');
  if (!Number.isFinite(graceMinutes) || graceMinutes < 0)
    throw new CliError(
      'E_USAGE',
      `--grace takes a number of minutes (0 or more), not ${JSON.stringify(options.grace)}.`,
    );
  const report = await ctx.withClient(async (client) => {
    const progress = await ctx.progress();
    try {
      return await checkRegistry(client, {
        repair: options.repair === true,
        verify: options.quick !== true,
        graceMs: graceMinutes * 60_000,
        onProgress: (p) => {
          if (p.event === 'start')
            progress.start(p.bytesTotal, `checking ${plural(p.modelsTotal, 'model')}`);
          else progress.update(p.bytesDone, `${p.modelsDone}/${p.modelsTotal} models`);
        },
      });
    } finally {
      progress.stop();
    }
  });
  if (options.json) ctx.out(JSON.stringify(report, null, 2));
  else {
    for (const problem of report.problems) ctx.out(describeProblem(problem));
    for (const orphan of report.orphans)
      ctx.out(
        `orphan ${orphan.modelId}: ${plural(orphan.files.length, 'file')}, ${formatBytes(orphan.size)} no metadata points to${orphan.removed ? ' (removed)' : orphan.recent ? ' (recent: left alone, it may be a push in progress)' : ''}`,
      );
    for (const id of report.foreign)
      ctx.out(
        `foreign  ${id}: not a model id ebonite creates (another registry's folder or another tool's files?); left alone`,
      );
    for (const other of report.otherRegistries)
      ctx.out(`shared   the artifact store is also used by ${describeRegistry(other)}`);
    ctx.out(summary(report, options));
  }
  return report.ok ? ExitCode.ok : ExitCode.integrity;
}

function describeProblem(p: ArtifactProblem): string {
  const where = `${p.path}: artifact "${p.artifact}"`;
  switch (p.kind) {
    case 'missing':
      return `missing  ${where} is not stored (expected ${p.expected!.size} bytes)`;
    case 'size':
      return `size     ${where} is ${p.actual!.size} bytes, expected ${p.expected!.size}`;
    case 'digest':
      return `digest   ${where} reads as ${p.actual!.digest}, expected ${p.expected!.digest}`;
    default:
      return `extra    ${where} is stored (${p.actual!.size} bytes) but not recorded`;
  }
}

function summary(r: CheckReport, options: CheckOptions): string {
  const removed = r.orphans.filter((o) => o.removed).length;
  const orphans = `${plural(r.orphans.length, 'orphan')}${removed ? ` (${removed} removed)` : ''}`;
  const checked = `checked ${plural(r.modelsChecked, 'model')}, ${plural(r.artifactsChecked, 'artifact')}${options.quick ? ' (sizes only)' : ` (${formatBytes(r.bytesVerified)} verified)`}`;
  const verdict = r.ok
    ? 'ok'
    : r.otherRegistries.length
      ? 'another registry uses this artifact store: registries must not share an artifact location (orphans are not removed while they do; see the README)'
      : r.problems.length
        ? 'damaged models are left as they are: restore or delete them'
        : 'run ebonite check --repair to remove the orphans';
  return `${checked}: ${plural(r.problems.length, 'problem')}, ${orphans}; ${verdict}`;
}
