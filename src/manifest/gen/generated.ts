/**
 * The files generated from the kinds table: the JSON Schemas under schemas/v1/, the validators
 * precompiled from them (src/manifest/schema/validators.generated.ts) and from the hand-written plan
 * schema (src/plan/contract/plan-validator.generated.ts), and the generated sections of the reference
 * pages docs/manifests.md and docs/diagnostics.md (between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`).
 * `npm run schemas` writes them; a test checks that the committed files are what this produces.
 */
import { MANIFEST_SCHEMA_FILE, SCHEMA_DIR, generateSchemas, serialiseSchema } from '../schema/schema-gen.js';
import { REFERENCE_SECTIONS } from './reference.js';
import { PLAN_VALIDATOR_FILE, VALIDATORS_FILE, generatePlanValidatorCode, generateValidatorCode } from './validator-gen.js';

/** Every generated schema file: path relative to the package root → content. */
export function generatedSchemaFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of generateSchemas()) out.set(`${SCHEMA_DIR}/${name}`, serialiseSchema(schema));
  return out;
}

/** Every generated source file: path relative to the package root → content. */
export function generatedCodeFiles(): Map<string, string> {
  return new Map([
    [VALIDATORS_FILE, generateValidatorCode()],
    [PLAN_VALIDATOR_FILE, generatePlanValidatorCode()],
  ]);
}

export const EDITOR_MODELINE = `# yaml-language-server: $schema=../${SCHEMA_DIR}/${MANIFEST_SCHEMA_FILE}`;

/** The pages that hold generated sections, relative to the package root. */
export function generatedDocFiles(): string[] {
  return Object.keys(REFERENCE_SECTIONS());
}

/** `text`, the page `file`, with each of its generated sections replaced by what the tables say now. */
export function withGeneratedSections(file: string, text: string): string {
  const sections = REFERENCE_SECTIONS()[file];
  if (sections === undefined) throw new Error(`${file} has no generated sections (those that have: ${generatedDocFiles().join(', ')})`);
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${file} has no ${start} ... ${end} section`);
    out = `${out.slice(0, i + start.length)}\n${body.trimEnd()}\n${out.slice(j)}`;
  }
  return out;
}
