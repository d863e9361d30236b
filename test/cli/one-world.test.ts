/**
 * One emulator world per state file (issue 16): a second kustodian process on the same
 * embedded world is refused with who holds it and how to share it, instead of keeping a copy
 * of its own that silently disagrees; the world is free again once the holder ends, and a lock
 * left by a killed process is taken over.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, startBin } from '../support/bin.js';
import { workspace } from '../support/cli.js';

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the embedded emulator: one world per state file', () => {
  it('a second process on the same world is refused while the first runs, and works once it ends', async () => {
    const dir = workspace();
    const reconcile = startBin(['reconcile', '--emulator', '--interval', '1h', '-o', 'json'], { cwd: dir });
    try {
      await until(() => reconcile.stdout().includes('"type":"waiting"'));
      const lock = path.join(dir, '.kustodian', 'emulator-state.json.lock');
      expect(existsSync(lock)).toBe(true);

      const drift = await runBin(['drift', '--emulator'], { cwd: dir });
      expect(drift.code).toBe(1);
      expect(drift.stderr).toContain(`error KD307: the emulator world in .kustodian/emulator-state.json is in use by another kustodian process (PID ${reconcile.child.pid})`);
      expect(drift.stderr).toContain('run `kustodian emulator --state .kustodian/emulator-state.json` in one shell');
      const own = await runBin(['plan', '--emulator', '--emulator-state', 'mine.json'], { cwd: dir });
      expect(own.code, own.stderr).toBe(0);

      reconcile.child.kill('SIGTERM');
      expect((await reconcile.exited).code).toBe(0);
      expect(existsSync(lock)).toBe(false);
      const after = await runBin(['drift', '--emulator'], { cwd: dir });
      expect(after.stderr).not.toContain('KD307');
      expect(after.code).toBe(0);
    } finally {
      reconcile.child.kill('SIGKILL');
    }
  });

  it('a lock left by a process that no longer runs is taken over', async () => {
    const dir = workspace();
    mkdirSync(path.join(dir, '.kustodian'), { recursive: true });
    // PIDs are below 2^22 on Linux: this one cannot be running.
    writeFileSync(path.join(dir, '.kustodian', 'emulator-state.json.lock'), '4194305\n');
    const plan = await runBin(['plan', '--emulator'], { cwd: dir });
    expect(plan.stderr).not.toContain('KD307');
    expect(plan.code).toBe(0);
  });
});
