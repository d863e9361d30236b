// Loaded with `node --import`: records every module the process loads. ES modules as they are
// resolved (see hooks.mjs); CommonJS modules (the Azure SDK, required by rest-pipeline.ts and
// kusto-port.ts) from the require cache when the process exits, as file URLs too.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const log = process.env.KUSTODIAN_MODULE_LOG;
  const loaded = Object.keys(cache).filter((file) => file.startsWith('/'));
  if (log && loaded.length > 0) appendFileSync(log, `${loaded.map((file) => pathToFileURL(file).href).join('\n')}\n`);
});
