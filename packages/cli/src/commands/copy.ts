import { type CopyReport, copyRegistry } from '@ebonite/core';
import type { CommandContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { locateClient } from '../open-client.js';
import { formatBytes, plural } from '../output/format.js';

export interface CopyOptions {
  from?: string;
  to: string;
  concurrency?: string;
  json?: boolean;
}

/**
 * `ebonite copy --to <config> [--from <config>] [project[/task[/model]]]`: copies models with their
 * artifacts between registries, keeping ids; resumable (run it again after an interruption).
 * When both registries store artifacts in the same place, only metadata is copied (the files are
 * verified and adopted). Exit 4 when something conflicts, 5 when a source file does not match its digest.
 */
export async function copyCommand(
  ctx: CommandContext,
  pathText: string | undefined,
  options: CopyOptions,
): Promise<number> {
  const concurrency = options.concurrency === undefined ? 4 : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new CliError(
      'E_USAGE',
      `--concurrency takes a positive integer, not ${options.concurrency}.`,
    );
  const fromLocation = options.from
    ? locateClient(options.from, ctx.io.env, ctx.io.cwd)
    : ctx.location();
  const toLocation = locateClient(options.to, {}, ctx.io.cwd);
  const report = await ctx.withClient(
    (from) =>
      ctx.withClient(
        async (to) => {
          const progress = await ctx.progress();
          try {
            return await copyRegistry(from, to, {
              filter: pathText ?? '',
              concurrency,
              onProgress: (p) => {
                if (p.event === 'start')
                  progress.start(p.bytesTotal, `${plural(p.modelsTotal, 'model')}`);
                else if (p.event === 'bytes') progress.update(p.bytesDone);
                else {
                  progress.update(p.bytesDone, p.model!.path);
                  progress.line(
                    `${p.model!.outcome} ${p.model!.path} (${p.modelsDone}/${p.modelsTotal} models, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)})`,
                  );
                }
              },
            });
          } finally {
            progress.stop();
          }
        },
        { mustExist: false, location: toLocation },
      ),
    { location: fromLocation },
  );
  if (options.json) ctx.out(JSON.stringify(toJson(report), null, 2));
  else ctx.out(summary(report));
  for (const issue of [...report.conflicts, ...report.failures])
    ctx.warn(`${issue.kind} ${issue.path}: ${issue.error.message}`);
  if (report.failures.some((f) => f.error.code === 'E_ARTIFACT_INTEGRITY'))
    return ExitCode.integrity;
  return report.conflicts.length || report.failures.length ? ExitCode.conflict : ExitCode.ok;
}

function summary(r: CopyReport): string {
  const shared = r.sharedArtifactStore
    ? `the source and the target share one artifact store: copied metadata only, ${plural(r.adoptedFiles.length, 'model')}' files verified and adopted in place, nothing uploaded or deleted\n`
    : '';
  const parts = [
    `copied ${plural(r.models.copied, 'model')} (${formatBytes(r.bytesCopied)})`,
    `skipped ${r.models.skipped} already there`,
  ];
  if (r.models.failed) parts.push(`${r.models.failed} not copied`);
  if (r.replacedFiles.length)
    parts.push(`replaced the incomplete files of ${plural(r.replacedFiles.length, 'model')}`);
  if (r.adoptedFiles.length && !r.sharedArtifactStore)
    parts.push(
      `adopted the files already in the target of ${plural(r.adoptedFiles.length, 'model')}`,
    );
  return `${shared}${parts.join(', ')}; projects ${r.projects.copied} new, ${r.projects.skipped} there; tasks ${r.tasks.copied} new, ${r.tasks.skipped} there`;
}

function toJson(r: CopyReport) {
  const issue = (i: CopyReport['conflicts'][number]) => ({
    kind: i.kind,
    path: i.path,
    id: i.id,
    code: i.error.code,
    message: i.error.message,
  });
  return { ...r, conflicts: r.conflicts.map(issue), failures: r.failures.map(issue) };
}
