/**
 * The files generated from the kinds table: the JSON Schemas under schemas/v1/, the validators
 * precompiled from them (src/manifest/schema/validators.generated.ts) and from the hand-written plan
 * schema (src/plan/plan-validator.generated.ts), and the generated sections of
 * README.md (between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`).
 * `npm run schemas` writes them; a test checks that the committed files are what this produces.
 */
import { MANIFEST_SCHEMA_FILE, SCHEMA_DIR, generateSchemas, serialiseSchema } from '../schema/schema-gen.js';
import { README_SECTIONS } from './reference.js';
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

/** `readme` with each generated section replaced by what the tables say now. */
export function withGeneratedSections(readme: string): string {
  let out = readme;
  for (const [name, body] of Object.entries(README_SECTIONS())) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} section`);
    out = `${out.slice(0, i + start.length)}\n${body.trimEnd()}\n${out.slice(j)}`;
  }
  return out;
}
