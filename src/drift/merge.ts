/**
 * `kustodian report merge`: one drift report from the reports of sharded (or separate) runs.
 * Pure: the reports come in as values, with the file each came from for the messages.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { shardCoverage, type ShardCoverage } from '../plan/rules/shard.js';
import { DRIFT_FORMAT_VERSION, type DriftReport, type DriftStatus } from './report.js';
import { compareText } from '../core/order.js';

export const REPORT_CODES = {
  /** A report file cannot be read or is not a kustodian report of a known version. */
  badReport: 'KD601',
  /** Drift and reconcile reports mixed in one merge. */
  mixedKinds: 'KD602',
  /** A shard twice, or shards of different runs. */
  shardConflict: 'KD603',
  /** The same connection in two reports. */
  duplicateConnection: 'KD604',
  /** Shards are missing: the merged report is partial. */
  missingShards: 'KD605',
} as const;

export interface Sourced<T> {
  readonly file: string;
  readonly report: T;
}

export interface Merged<T> {
  /** Absent when a conflict makes the merge meaningless. */
  readonly merged?: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** The diagnostics of a coverage: conflicts are errors, missing shards a warning. */
export function coverageDiagnostics(coverage: ShardCoverage, total: number): Diagnostic[] {
  const out: Diagnostic[] = coverage.conflicts.map((message) => ({
    severity: 'error',
    code: REPORT_CODES.shardConflict,
    message,
    hint: 'pass the reports of one sharded run, each shard once',
  }));
  if (coverage.missing.length > 0) {
    out.push({
      severity: 'warning',
      code: REPORT_CODES.missingShards,
      message: `shard${coverage.missing.length > 1 ? 's' : ''} ${coverage.missing.join(', ')} of ${total} missing: the merged report covers only part of the estate`,
      hint: 'pass every shard\'s report (a failed shard job writes none: re-run it)',
    });
  }
  return out;
}

/** Entries keyed case-insensitively by address: a second one is an error naming both files. */
export function duplicateAddresses(inputs: readonly { file: string; addresses: readonly string[] }[]): Diagnostic[] {
  const owner = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const input of inputs) {
    for (const address of input.addresses) {
      const key = address.toLowerCase();
      const first = owner.get(key);
      if (first !== undefined && first !== input.file) {
        out.push({
          severity: 'error',
          code: REPORT_CODES.duplicateConnection,
          address,
          message: `this connection is in both ${first} and ${input.file}`,
          hint: 'the reports overlap: merge the shards of one run, or reports of different manifest trees',
        });
      } else owner.set(key, input.file);
    }
  }
  return out;
}

export function mergeDriftReports(inputs: readonly Sourced<DriftReport>[]): Merged<DriftReport & { readonly shards: readonly string[] }> {
  const coverage = shardCoverage(inputs.map((i) => ({ file: i.file, ...(i.report.shard ? { shard: i.report.shard } : {}) })));
  const count = Math.max(0, ...inputs.map((i) => i.report.shard?.count ?? 0));
  const diagnostics = [
    ...coverageDiagnostics(coverage, count),
    ...duplicateAddresses(inputs.map((i) => ({ file: i.file, addresses: i.report.entries.map((e) => e.address) }))),
  ];
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const entries = inputs.flatMap((i) => i.report.entries).sort((a, b) => compareText(a.address, b.address));
  const summary: Record<DriftStatus, number> = { 'in-sync': 0, drifted: 0, missing: 0, unmanaged: 0, 'in-progress': 0, failed: 0 };
  for (const e of entries) summary[e.status] += 1;
  const narrowed = inputs.some((i) => i.report.narrowed);
  return {
    diagnostics,
    merged: {
      formatVersion: DRIFT_FORMAT_VERSION,
      createdAt: inputs.map((i) => i.report.createdAt).sort().at(-1) ?? new Date(0).toISOString(),
      partial: narrowed || !coverage.complete || inputs.some((i) => i.report.partial && !i.report.shard),
      narrowed,
      shards: coverage.shards,
      summary,
      entries,
    },
  };
}
