/**
 * Every command that shows a plan as text (plan, show, apply, reconcile) writes it as it is
 * rendered, in batches of whole lines, and waits when stdout's buffer is full: never the whole
 * plan as one string (issue 17: 50,000 changes are tens of MB).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writePlanText } from '../../src/cli/output/plan-output.js';
import { RoundPrinter } from '../../src/cli/output/reconcile-printer.js';
import type { CliIO } from '../../src/cli/process/io.js';
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import { styleFor } from '../../src/render/style.js';
import { renderPlanText } from '../../src/render/text.js';
import { desired, liveDb, state } from '../support/builders.js';
import { workspace } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

/** A plan of `n` creates: about 600 bytes of text each. */
function bigPlan(n: number): Plan {
  const connections = Array.from({ length: n }, (_, i) => desired(`conn-${i}`, 'IotHub', undefined));
  const planned = planChanges(state(connections), [liveDb([])], { now: '2026-01-01T00:00:00.000Z' });
  return planned.plan;
}

/**
 * A stdout that records each write; with `slow`, its buffer is small and it takes a write
 * only on the next turn of the event loop, so a writer that does not wait for 'drain' piles
 * up more than the buffer holds.
 */
function recordingIO(slow = false): { io: CliIO; writes: string[]; peakBuffered: () => number } {
  const writes: string[] = [];
  let peak = 0;
  const stdout: Writable = new Writable({
    highWaterMark: slow ? 1024 : 16 * 1024 * 1024,
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString('utf8'));
      if (slow) setImmediate(done);
      else done();
    },
  });
  const write = stdout.write.bind(stdout);
  stdout.write = ((chunk: string, ...rest: never[]) => {
    const ok = write(chunk, ...rest);
    peak = Math.max(peak, stdout.writableLength);
    return ok;
  }) as typeof stdout.write;
  const sink = new Writable({ write: (_c, _e, done) => done() });
  return { io: { stdout, stderr: sink, stdin: process.stdin, env: { NO_COLOR: '1' }, cwd: process.cwd() }, writes, peakBuffered: () => peak };
}

/** What a batched writer must show: the plan's text, whole, in several writes of whole lines, none much over 64 KiB. */
function expectBatches(writes: readonly string[], plan: Plan): void {
  const style = styleFor(false);
  expect(writes.join('')).toBe(renderPlanText(plan, style));
  expect(writes.length).toBeGreaterThan(2);
  for (const w of writes) {
    expect(w.endsWith('\n')).toBe(true);
    expect(w.length).toBeLessThan(80 * 1024);
  }
}

describe('the text plan is written in batches', () => {
  const plan = bigPlan(600);

  it('writePlanText: the whole text in batches of whole lines', async () => {
    const { io, writes } = recordingIO();
    await writePlanText(plan, io, styleFor(false));
    expect(renderPlanText(plan, styleFor(false)).length).toBeGreaterThan(200 * 1024);
    expectBatches(writes, plan);
  });

  it('writePlanText waits for a slow stdout to drain instead of piling the plan into its buffer', async () => {
    const { io, writes, peakBuffered } = recordingIO(true);
    await writePlanText(plan, io, styleFor(false));
    await new Promise<void>((resolve) => io.stdout.end(resolve));
    expectBatches(writes, plan);
    // One batch in the buffer at a time, not the whole plan.
    expect(peakBuffered()).toBeLessThan(80 * 1024);
  });

  it('reconcile: a round prints its plan through the same batches', async () => {
    const { io, writes } = recordingIO();
    await new RoundPrinter(io, false, styleFor(false)).plan(1, plan);
    // The round's printer adds one empty line after a plan with changes.
    expect(writes.at(-1)).toBe('\n');
    expectBatches(writes.slice(0, -1), plan);
  });
});

describe('apply prints its plan in batches', () => {
  const fx = useEmulator();
  beforeEach(() => fx.emu().control.reset());

  it('apply --dry-run: the plan of 400 creates reaches stdout in several writes of whole lines', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'ca.pem'), fx.emu().ca);
    const documents = Array.from({ length: 400 }, (_, i) =>
      [
        'apiVersion: kustodian.io/v1',
        'kind: IotHubDataConnection',
        'metadata:',
        `  name: many-${i}`,
        'spec:',
        '  iotHubResourceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.Devices/IotHubs/myhub',
        `  consumerGroup: cg-${i}`,
        '  sharedAccessPolicyName: iothubforread',
        '  tableName: StormEvents',
        '  dataFormat: CSV',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'manifests', 'many.yaml'), documents.join('---\n'));
    const { io, writes } = recordingIO();
    const code = await main(
      ['node', 'kustodian', 'apply', '--dry-run', '--endpoint', fx.emu().endpoint, '--ca-file', 'ca.pem', '--credential', 'emulator'],
      { ...io, cwd: dir },
    );
    expect(code).toBe(0);
    const text = writes.join('');
    expect(text).toContain('many-399');
    expect(text).toContain('Dry run: nothing was changed.');
    const planWrites = writes.filter((w) => w.includes('many-'));
    expect(planWrites.length).toBeGreaterThan(2);
    for (const w of planWrites) {
      expect(w.endsWith('\n')).toBe(true);
      expect(w.length).toBeLessThan(80 * 1024);
    }
  });
});
