#!/usr/bin/env node
/**
 * Writes examples/manifests-repo/package-lock.json: the lock a team's manifests repository gets
 * from `npm install --save-dev --save-exact kustodian`, derived from kustodian's own lock (the
 * runtime dependencies it pins, hoisted as npm hoists them). kustodian's own entry has no
 * `integrity` until a release is published; `npm install` in the copied template fills it in.
 * test/package/template.test.ts fails when the committed file differs from what this writes.
 *
 *   node scripts/template-lock.mjs          # write it
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEMPLATE_DIR = `${ROOT}examples/manifests-repo`;

/** The lock entry key npm resolves `name` to when required from the package at `from`. */
function resolveKey(packages, name, from) {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** The template's lock, as text, from kustodian's package.json and package-lock.json. */
export function templateLock(rootPackage, rootLock, template) {
  const packages = rootLock.packages;
  const runtime = new Set();
  const queue = Object.keys(rootPackage.dependencies ?? {}).map((name) => [name, '']);
  while (queue.length > 0) {
    const [name, from] = queue.pop();
    const key = resolveKey(packages, name, from);
    if (key === undefined) throw new Error(`package-lock.json has no entry for ${name} (needed by ${from || 'kustodian'}): run npm install`);
    if (runtime.has(key)) continue;
    runtime.add(key);
    const entry = packages[key];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push([dep, key]);
  }
  const version = rootPackage.version;
  const kustodian = {
    version,
    resolved: `https://registry.npmjs.org/kustodian/-/kustodian-${version}.tgz`,
    dev: true,
    license: rootPackage.license,
    dependencies: rootPackage.dependencies,
    bin: rootPackage.bin,
    engines: rootPackage.engines,
  };
  const entries = [...runtime].sort().map((key) => {
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = packages[key];
    return [key, { ...rest, dev: true }];
  });
  const lock = {
    name: template.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: template.name, devDependencies: template.devDependencies },
      'node_modules/kustodian': kustodian,
      ...Object.fromEntries(entries),
    },
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** What examples/manifests-repo/package-lock.json must hold for this checkout. */
export function expectedTemplateLock() {
  return templateLock(readJson(`${ROOT}package.json`), readJson(`${ROOT}package-lock.json`), readJson(`${TEMPLATE_DIR}/package.json`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${TEMPLATE_DIR}/package-lock.json`, expectedTemplateLock());
  console.log('wrote examples/manifests-repo/package-lock.json');
}
