// Prints the closing line CI reads ("N passed, N failed, N skipped") from one or more vitest JSON reports
// (one per Node version the suite ran on), summed, after one line per run.
// Usage: node scripts/test-summary.mjs [label=]report.json ...
// Fails when a report is missing, a test failed, or a run executed no test at all (each counts as a failure).
import { readFileSync } from 'node:fs';

const runs = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  return at > 0 ? { label: arg.slice(0, at), file: arg.slice(at + 1) } : { label: arg, file: arg };
});
if (runs.length === 0) {
  console.error('usage: test-summary.mjs [label=]report.json ...');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const total = { passed: 0, failed: 0, skipped: 0 };
for (const { label, file } of runs) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${label}: no test report at ${file} (${error.message}); counted as one failure`);
    total.failed += 1;
    continue;
  }
  const passed = report.numPassedTests ?? 0;
  // A file that failed without a failing test (an import error, a failing hook) counts once; a failing
  // test is not counted again through the describe blocks around it (numFailedTestSuites would).
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
  const failed = (report.numFailedTests ?? 0) + brokenFiles;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // Per-run lines use another word order, so only the closing line has the form CI reads.
  console.log(`${label}: passed ${passed}, failed ${failed}, skipped ${skipped}`);
  total.passed += passed;
  total.failed += failed;
  total.skipped += skipped;
  if (passed === 0) {
    console.error(`${label}: no test ran, this run proves nothing; counted as one failure`);
    total.failed += 1;
  }
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
