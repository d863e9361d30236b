/**
 * Ends the test run with one plain line, `tests: N passed, N failed, N skipped`, which CI
 * systems and people read without parsing vitest's own summary. A skipped test whose name
 * starts with "NOT RUN:" (a whole suite that could not run here, such as the Python SDK one)
 * is named on that line, so a skip is never silent.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notRun: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else {
          skipped += 1;
          if (test.name.startsWith('NOT RUN:')) notRun.push(test.name);
        }
      }
    }
    const loud = notRun.map((name) => `; ${name}`).join('');
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped${loud}\n`);
  }
}
