#!/usr/bin/env node
// Writes the files generated from src/core/kinds.ts: schemas/v1/*.schema.json, the validators
// precompiled from them (src/manifest/schema/validators.generated.ts) and the generated sections of
// docs/manifests.md and docs/diagnostics.md. Run as `npm run schemas` (which builds dist/ first).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedCodeFiles, generatedDocFiles, generatedSchemaFiles, withGeneratedSections } from '../dist/manifest/gen/generated.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of [...generatedSchemaFiles(), ...generatedCodeFiles()]) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
for (const page of generatedDocFiles()) {
  writeFileSync(join(root, page), withGeneratedSections(page, readFileSync(join(root, page), 'utf8')));
  console.log(`updated ${page}`);
}
