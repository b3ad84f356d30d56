// Prints vitest's JSON report as one plain line: "N passed, N failed[, N skipped]".
// A test file that failed to load counts as one failure, and so does each failed CI step given as the
// second argument. Exits non-zero on failures or when no test ran.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log(`no test report (${err.message})`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const brokenFiles = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
).length;
const failedSteps = Number(process.argv[3] ?? 0) || 0;
const failed = (report.numFailedTests ?? 0) + brokenFiles + failedSteps;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
