// Reads the JSON results each package's vitest run writes (RESULTS_FILE of @x/test-utils) and
// sums them, so the last lines a run prints say what failed, by file and test name, even when
// the log above them is cut.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const GROUPS = ['packages', 'apps', 'internal', '.'];

/** The results written since `since` (ms), one entry per package that ran. */
export function readResults(root, since) {
  const runs = [];
  for (const group of GROUPS) {
    const directory = join(root, group);
    const names = group === '.' ? ['bench'] : existsSync(directory) ? readdirSync(directory) : [];
    for (const name of names) {
      const file = join(directory, name, 'node_modules/.vitest-results/results.json');
      if (!existsSync(file) || statSync(file).mtimeMs < since) continue;
      const results = JSON.parse(readFileSync(file, 'utf8'));
      const failures = [];
      for (const suite of results.testResults ?? []) {
        const path = relative(root, suite.name);
        const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
        for (const test of failedTests)
          failures.push(`${path} > ${test.fullName}: ${failureLine(test)}`);
        // A file that failed outside any test (an import error, a failed hook).
        if (suite.status === 'failed' && failedTests.length === 0)
          failures.push(`${path}: ${firstLine(suite.message)}`);
      }
      runs.push({
        name: group === '.' ? name : `${group}/${name}`,
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests + results.numTodoTests,
        failures,
      });
    }
  }
  return runs;
}

/** Lines for the end of a run: one per package, then every failure found. */
export function describeResults(runs) {
  const lines = runs.map(
    (r) => `${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`,
  );
  const failures = runs.flatMap((r) => r.failures.map((f) => `  FAILED ${r.name}: ${f}`));
  return [...lines, ...failures];
}

/**
 * What a failed test's first error says. vitest 4 writes a test or hook timeout's stack with the
 * placeholder "STACK_TRACE_ERROR" in place of its message: say "timed out" then, and after how long.
 */
function failureLine(test) {
  const line = firstLine(test.failureMessages?.[0]);
  if (!line.includes('STACK_TRACE_ERROR')) return line;
  return `timed out (the test or its fixture's cleanup; ran ${Math.round(test.duration ?? 0)} ms)`;
}

function firstLine(text) {
  return String(text ?? 'no message')
    .split('\n')[0]
    .slice(0, 300);
}
