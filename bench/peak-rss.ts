/**
 * Loaded with `node --import` into a process the benchmark measures (the real CLI, a peer): at
 * exit, writes the process's peak resident set size (KiB) to $KUSTODIAN_BENCH_RSS_FILE. Nothing
 * else: the measured program runs unchanged.
 */
import { writeFileSync } from 'node:fs';

const out = process.env['KUSTODIAN_BENCH_RSS_FILE'];
if (out !== undefined && out !== '') process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
