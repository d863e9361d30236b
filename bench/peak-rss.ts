/**
 * Loaded with `node --import` into a process the benchmark measures (the real CLI, a peer): at
 * exit, writes the process's peak resident set size (KiB) and the CPU it used (user + system,
 * microseconds) to $KUSTODIAN_BENCH_RSS_FILE, separated by a space. Nothing else: the measured
 * program runs unchanged.
 */
import { writeFileSync } from 'node:fs';

const out = process.env['KUSTODIAN_BENCH_RSS_FILE'];
if (out !== undefined && out !== '') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(out, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
