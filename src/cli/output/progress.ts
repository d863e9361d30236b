/**
 * Progress of an apply. On a terminal: a live view of every running operation with its
 * elapsed time and an overall bar (redrawn in place by log-update, which handles wrapping).
 * Otherwise: one timestamped line per event, or one JSON object per event.
 *
 * log-update (and the terminal-width libraries under it) is loaded by `prepareProgress`, only
 * when the live view will be drawn, not when the CLI starts.
 */
import type { ApplyEvent } from '../../apply/events.js';
import { formatEventJson, formatEventLine } from '../../render/apply-output.js';
import type { Style } from '../../render/style.js';
import type { CliIO } from '../process/io.js';
import { printable } from '../../core/printable.js';
import type { LogFormat } from './log-format.js';


export interface Progress {
  readonly onEvent: (e: ApplyEvent) => void;
  readonly close: () => void;
}

let createLogUpdate: (typeof import('log-update'))['createLogUpdate'] | undefined;

/** Loads what the live view draws with, if this output will show one; await it before createProgress. */
export async function prepareProgress(io: CliIO, format: LogFormat): Promise<void> {
  if (format === 'text' && io.stdout.isTTY === true && createLogUpdate === undefined) ({ createLogUpdate } = await import('log-update'));
}

export function createProgress(io: CliIO, total: number, format: LogFormat, style: Style): Progress {
  if (format === 'json') return { onEvent: (e) => io.stdout.write(`${formatEventJson(e)}\n`), close: () => undefined };
  if (!io.stdout.isTTY) return { onEvent: (e) => io.stdout.write(`${formatEventLine(e, style)}\n`), close: () => undefined };
  return liveView(io, total, style);
}

function liveView(io: CliIO, total: number, style: Style): Progress {
  if (createLogUpdate === undefined) throw new Error('the live view was not prepared: await prepareProgress() first');
  const draw = createLogUpdate(io.stdout as NodeJS.WriteStream, { showCursor: true });
  const running = new Map<string, { step: string; since: number }>();
  let finished = 0;
  const frame = (): void => {
    const width = 30;
    const done = Math.round((finished / Math.max(total, 1)) * width);
    const lines = [`[${'='.repeat(done)}${' '.repeat(width - done)}] ${finished}/${total} done, ${running.size} running`];
    for (const [address, r] of running) lines.push(`  ${r.step.padEnd(6)} ${printable(address)}  ${Math.floor((Date.now() - r.since) / 1000)}s`);
    draw(lines.join('\n'));
  };
  const timer = setInterval(frame, 250);
  let closed = false;
  return {
    onEvent: (e) => {
      if (e.type === 'started') running.set(e.address, { step: e.step, since: Date.parse(e.at) });
      if (e.type === 'succeeded' || e.type === 'failed' || e.type === 'skipped') {
        running.delete(e.address);
        finished += 1;
        // Outcomes stay on screen above the live view.
        draw.clear();
        io.stdout.write(`${formatEventLine(e, style)}\n`);
      }
      frame();
    },
    close: () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      draw.clear();
      draw.done();
    },
  };
}
