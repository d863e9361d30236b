/**
 * `npm run build`, second step: bundles the compiled CLI (dist/cli/main.js and everything it
 * imports, from dist/) into dist/bundle/, which bin/kustodian.js runs. Why: Node's ES module
 * loader pays for every file it resolves, links and compiles, and `kustodian plan` on a small
 * estate is bound by its start-up (issue 17: no slower than a Terraform-style refresh). One
 * entry chunk plus one chunk per lazily loaded command keeps "each command loads only what it
 * uses"; kustodian's own modules, `yaml` and `commander` (small ES modules every command needs)
 * go into the chunks, while the Azure SDK packages, ajv and the other dependencies stay in
 * node_modules, loaded (mostly by require) only by the commands that use them.
 *
 * dist/bundle/modules.json maps each chunk to the modules in it, so a test can tell which of
 * kustodian's modules a run loaded (test/cli/startup.test.ts).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'rolldown';

const OUT = 'dist/bundle';
/** Bundled from node_modules: ES modules every command needs at start. */
const INLINED = /^(yaml|commander)(\/|$)/;

rmSync(OUT, { recursive: true, force: true }); // no chunk of an earlier build is left behind
const result = await build({
  input: { main: 'dist/cli/main.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !INLINED.test(id),
  output: { dir: OUT, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', sourcemap: true },
  logLevel: 'warn',
});

const root = `${process.cwd()}/`;
const modules = {};
for (const item of result.output) {
  if (item.type !== 'chunk') continue;
  modules[item.fileName] = item.moduleIds.map((id) => (id.startsWith(root) ? id.slice(root.length) : id)).filter((id) => !id.startsWith('\0'));
}
writeFileSync(`${OUT}/modules.json`, `${JSON.stringify(modules, null, 1)}\n`);
