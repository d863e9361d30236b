/** The plan in the format asked for, and reading a saved plan file: shared by plan, show, apply and reconcile. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParsedPlanFile } from '../../plan/contract/plan-file.js';
import type { Plan } from '../../plan/model.js';
import { MARKDOWN_KEY } from '../../render/markdown/markdown-key.js';
import { type Style, styleFor } from '../../render/style.js';
import { planTextPieces } from '../../render/text.js';
import type { Writable } from 'node:stream';
import { UsageError } from '../process/usage-error.js';
import { type CliIO, colorEnabled } from '../process/io.js';

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** `--markdown-key`, checked: it goes into an HTML comment, which a line break or `-->` would end. */
export function checkMarkdownKey(key: string | undefined): void {
  if (key !== undefined && !MARKDOWN_KEY.pattern.test(key)) {
    throw new UsageError(`--markdown-key must be ${MARKDOWN_KEY.explain} (it goes into the comment's marker <!-- kustodian:plan:KEY -->), got ${JSON.stringify(key)}`);
  }
}

/**
 * The plan as JSON or markdown, one string. Each renderer is loaded when its format is asked for:
 * a text plan (the default) does not load them (JSON brings the public plan contract).
 */
async function renderPlanWhole(plan: Plan, format: 'json' | 'markdown', markdownKey?: string): Promise<string> {
  if (format === 'json') return (await import('../../render/json.js')).renderPlanJson(plan);
  return (await import('../../render/markdown/markdown.js')).renderPlanMarkdown(plan, markdownKey ? { key: markdownKey } : {});
}

/** How much text is gathered before one write: whole lines only, so redaction (per write) never sees half a secret. */
const WRITE_BATCH = 64 * 1024;

/** Writes `text` and waits for the stream to take more when its buffer is full. */
function writeWaiting(stream: Writable, text: string): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done).on('error', done).on('close', done);
  });
}

/**
 * Prints the plan: the text form as it is rendered, in batches of whole lines, never the whole
 * plan as one string (50,000 changes are tens of MB); JSON and markdown whole.
 */
export async function printPlan(plan: Plan, format: PlanFormat, io: CliIO, markdownKey?: string): Promise<void> {
  if (format === 'text') await writePlanText(plan, io, styleFor(colorEnabled(io.stdout, io.env)));
  else await writeWaiting(io.stdout, await renderPlanWhole(plan, format, markdownKey));
}

/**
 * Writes the text form of the plan to stdout as it is rendered, in batches of whole lines, each
 * written when the stream takes more. Every command that shows a plan as text (plan, show,
 * apply, reconcile) prints it through here.
 */
export async function writePlanText(plan: Plan, io: CliIO, style: Style): Promise<void> {
  let batch = '';
  for (const piece of planTextPieces(plan, style)) {
    batch += piece;
    if (batch.length >= WRITE_BATCH) {
      await writeWaiting(io.stdout, batch);
      batch = '';
    }
  }
  if (batch !== '') await writeWaiting(io.stdout, batch);
}

/**
 * A saved plan (`plan --out FILE`), checked for its format version and integrity and decoded
 * against the plan schema. plan-file.ts (and the schema's precompiled validator) is loaded here,
 * by the commands that read a saved plan, not when the CLI starts.
 */
export async function readPlanFile(file: string, io: CliIO, flag: string): Promise<ParsedPlanFile> {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${flag}${file}: ${e instanceof Error ? e.message : String(e)} (save a plan with: kustodian plan --out FILE)`);
  }
  const { parsePlanFile } = await import('../../plan/contract/plan-file.js');
  return parsePlanFile(text, file);
}
