/**
 * What a reconcile prints: for people, the plan, progress, results and one summary line a round;
 * for log pipelines (`-o json`), one JSON object a line: plan, each apply event, and
 * the summary (the report), every record with its round. Secrets are redacted from JSON lines.
 */
import type { ApplyEvent } from '../../apply/events.js';
import { redact } from '../../core/redact.js';
import type { Plan } from '../../plan/model.js';
import type { RoundOutcome } from '../../reconcile/outcome.js';
import type { ReconcileReport } from '../../reconcile/report.js';
import { renderApplyResult } from '../../render/apply-output.js';
import { roundSummaryLine } from '../../render/reconcile.js';
import type { Style } from '../../render/style.js';
import { formatDuration } from '../options/duration.js';
import type { CliIO } from '../process/io.js';
import { printDiagnostics } from './output.js';
import { writePlanText } from './plan-output.js';
import { createProgress, type Progress } from './progress.js';
import { printableLines } from '../../core/printable.js';

/** Everything a reconcile prints: text for people, or one JSON object per line for log pipelines. */
export class RoundPrinter {
  private progress: Progress | undefined;

  constructor(
    private readonly io: CliIO,
    private readonly json: boolean,
    private readonly style: Style,
  ) {}

  private record(type: string, fields: Readonly<Record<string, unknown>>): void {
    this.io.stdout.write(`${redact(JSON.stringify({ type, ...fields }), this.io.env)}\n`);
  }

  private text(line: string): void {
    this.io.stdout.write(`${line}\n`);
  }

  serving(url: string): void {
    if (this.json) this.record('metrics', { url });
    else this.text(`Serving Prometheus metrics on ${url}`);
  }

  startRound(n: number, continuous: boolean): void {
    if (!continuous) return;
    if (this.json) this.record('round', { round: n, at: new Date().toISOString() });
    else this.text(this.style.bold(`\n=== Round ${n} at ${new Date().toISOString()} ===`));
  }

  /** The round's plan; as text, written as it is rendered (plan-output.ts), never held as one string. */
  async plan(n: number, plan: Plan): Promise<void> {
    if (this.json) this.record('plan', { round: n, plan });
    else await writePlanText(plan, this.io, this.style);
    if (!this.json && plan.changes.length > 0) this.text('');
    this.progress = this.json ? undefined : createProgress(this.io, plan.changes.length, 'text', this.style);
  }

  event(n: number, e: ApplyEvent): void {
    if (this.json) this.record(e.type, { ...e, round: n });
    else this.progress?.onEvent(e);
  }

  finishRound(outcome: RoundOutcome, report: ReconcileReport): void {
    this.progress?.close();
    this.progress = undefined;
    if (this.json) {
      this.record('summary', { ...report });
      return;
    }
    if (outcome.result !== 'converged' && outcome.apply) this.io.stdout.write(renderApplyResult(outcome.apply, this.style));
    printDiagnostics(this.io, outcome.diagnostics.filter((d) => d.severity === 'error'));
    this.text(this.style.bold(roundSummaryLine(outcome, this.style)));
  }

  problem(message: string): void {
    if (this.json) this.record('error', { message });
    else this.io.stderr.write(`kustodian: ${printableLines(message)}\n`);
  }

  waiting(ms: number, next: number): void {
    const at = new Date(Date.now() + ms).toISOString();
    if (this.json) this.record('waiting', { round: next, waitMs: ms, at });
    else this.text(`Next round in ${formatDuration(ms)}, at ${at}.`);
  }

  stopped(rounds: number): void {
    if (this.json) this.record('stopped', { rounds });
    else this.text(`Stopped after ${rounds} round${rounds === 1 ? '' : 's'}.`);
  }
}
