/** Interrupted and killed applies: the report says what may still run, and the next run is correct. */
import { beforeEach, describe, expect, it } from 'vitest';
import { emulatorEnv, runCli, startCli, workspace } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const fx = useEmulator();
beforeEach(() => fx.emu().control.reset());

const args = ['apply', '--auto-approve', '--parallelism', '1', '--poll-interval', '10ms'];

/** Runs the CLI with 60 s operations, and presses Ctrl-C twice once the first is accepted. */
async function ctrlCTwice(argv: readonly string[]) {
  fx.emu().control.setOperationDuration(60_000);
  const dir = workspace();
  const cli = startCli([...argv], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
  await cli.waitFor(/accepted by the service/);
  cli.signal('SIGINT');
  await new Promise((r) => setTimeout(r, 200));
  cli.signal('SIGINT');
  return cli.done;
}

describe('interrupting apply (e2e)', () => {
  it('Ctrl-C twice: nothing new starts, the running operation is reported as interrupted, exit 130', async () => {
    const result = await ctrlCTwice(args);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Interrupt: no new operations will start/);
    expect(result.stdout).toMatch(/interrupted during create: the service may still be running it/);
    expect(result.stdout).toMatch(/Apply incomplete: 0 of 4 succeeded, 0 failed, 3 skipped, 1 interrupted\./);
    expect(fx.emu().control.operations().filter((o) => o.status === 'Running')).toHaveLength(1);
  });

  it('a single reconcile round stopped by Ctrl-C twice exits 130, with what ran reported', async () => {
    const result = await ctrlCTwice(['reconcile', '--parallelism', '1', '--poll-interval', '10ms']);
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/Reconcile failed: not every change succeeded/);
  });

  it('killed outright: the next plan shows the operation in progress; once it ends, apply converges', async () => {
    fx.emu().control.setOperationDuration(60_000);
    const dir = workspace();
    const env = emulatorEnv(fx.emu(), dir);
    const cli = startCli(args, { cwd: dir, env });
    await cli.waitFor(/accepted by the service/);
    cli.signal('SIGKILL');
    await cli.done;

    const plan = await runCli(['plan'], { cwd: dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/In progress on the service \(not touched\):\n {2}… .*\((EventGrid|CosmosDb|IotHub|EventHub)\): an operation is still running/);

    fx.emu().control.finishOperations();
    fx.emu().control.setOperationDuration(10);
    const again = await runCli(args, { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Apply complete: 3 of 3 succeeded/);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env })).code).toBe(0);
  });
});
