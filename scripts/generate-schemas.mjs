#!/usr/bin/env node
// Writes the files generated from src/core/kinds.ts: schemas/v1/*.schema.json, the validators
// precompiled from them (src/manifest/schema/validators.generated.ts) and the generated sections of
// README.md. Run as `npm run schemas` (which builds dist/ first).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedCodeFiles, generatedSchemaFiles, withGeneratedSections } from '../dist/manifest/gen/generated.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of [...generatedSchemaFiles(), ...generatedCodeFiles()]) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
const readme = join(root, 'README.md');
writeFileSync(readme, withGeneratedSections(readFileSync(readme, 'utf8')));
console.log('updated README.md');
