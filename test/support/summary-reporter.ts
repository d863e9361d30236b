/**
 * Ends the test run with one plain line, `tests: N passed, N failed, N skipped`, which CI
 * systems and people read without parsing vitest's own summary (it stays alone on its line, the
 * form CI recognises). A skipped test whose name starts with "NOT RUN:" (a whole suite that
 * could not run here: the Python SDK one without Debian's python3-azure, the live contract
 * against Azure without its variables) is named on the lines just above it, so a skip is never
 * silent.
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
    const loud = notRun.map((name) => `${name}\n`).join('');
    process.stdout.write(`\n${loud}tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
