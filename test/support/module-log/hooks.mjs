// Module resolution hook for tests: appends each resolved URL to the file named by
// KUSTODIAN_MODULE_LOG, so a test can tell which modules a command loaded.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const log = process.env.KUSTODIAN_MODULE_LOG;
  if (log) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
