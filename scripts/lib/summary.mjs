// Reads the runners' own result files and prints the suite's closing line,
// "N passed, M failed", so a run that executed no test is visible.
// Usage: node summary.mjs <results-dir>
//   <results-dir>/checks/<name>.status   "0" or an exit code, one per whole-suite check
//                                        (type check, lint) that has no per-test results
//   <results-dir>/jest.json              jest --json output
//   <results-dir>/e2e/results.json       Playwright JSON reporter output
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const lines = [];

const checksDir = join(dir, 'checks');
if (existsSync(checksDir)) {
  for (const file of readdirSync(checksDir).sort()) {
    const name = file.replace(/\.status$/, '');
    const ok = readFileSync(join(checksDir, file), 'utf8').trim() === '0';
    ok ? passed++ : failed++;
    lines.push(`${name}: ${ok ? 'passed' : 'FAILED'}`);
  }
}

function readJson(path, what) {
  if (!existsSync(path)) {
    failed++;
    lines.push(`${what}: FAILED (no results file; the runner did not finish)`);
    return undefined;
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

const jest = readJson(join(dir, 'jest.json'), 'unit and integration tests');
if (jest) {
  passed += jest.numPassedTests;
  // A suite that failed to run (syntax error, crash) has no failed tests: count it once.
  const brokenSuites = jest.testResults.filter(
    r =>
      r.status === 'failed' &&
      r.assertionResults.every(a => a.status !== 'failed'),
  ).length;
  failed += jest.numFailedTests + brokenSuites;
  lines.push(
    `unit and integration tests: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed` +
      (brokenSuites ? `, ${brokenSuites} suites did not run` : '') +
      ` (${jest.numTotalTestSuites} suites)`,
  );
}

const e2e = readJson(join(dir, 'e2e', 'results.json'), 'browser tests');
if (e2e) {
  const { expected = 0, unexpected = 0, flaky = 0 } = e2e.stats ?? {};
  const setupErrors = (e2e.errors ?? []).length;
  passed += expected + flaky;
  failed += unexpected + setupErrors;
  lines.push(
    `browser tests: ${expected + flaky} passed, ${unexpected} failed` +
      (setupErrors ? `, ${setupErrors} errors outside tests` : ''),
  );
}

for (const line of lines) console.log(`  ${line}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
