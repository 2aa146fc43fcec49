// One of the processes of bench/version-allocation.mjs: makes its repository, says "ready", waits
// for "go" on stdin, then creates its models one after the other (unnamed: the repository allocates
// versions; or named p<i>-m<j>) and prints what it got as one JSON line.
import { newId, nowIso } from '@ebonite/core/plugin';
import { sqlMetadata } from '@ebonite/meta-sql';

const { options, taskId, count, index, named } = JSON.parse(process.argv[2]);
const repo = sqlMetadata(options);
const result = { versions: [], created: 0, errors: [], ms: 0 };
try {
  await repo.getTaskById(taskId);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const start = performance.now();
  for (let j = 0; j < count; j++) {
    try {
      const model = await repo.createModel({
        id: newId(),
        name: named ? `p${index}-m${j}` : null,
        version: null,
        tags: {},
        author: `bench-${index}`,
        creationDate: nowIso(),
        taskId,
        description: '',
        params: { j },
        requirements: [],
        artifacts: [],
        wrapper: null,
      });
      result.created++;
      if (!named) result.versions.push(model.version);
    } catch (error) {
      result.errors.push(`${error.code}: ${error.message}`);
    }
  }
  result.ms = performance.now() - start;
} finally {
  await repo.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stdin.destroy();
