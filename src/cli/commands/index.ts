import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerApplyCommand } from './apply.js';
import { registerDriftCommand } from './drift.js';
import { registerEmulatorCommand } from './emulator.js';
import { registerExportCommand } from './export.js';
import { registerHealthCommand } from './health.js';
import { registerInitCommand } from './init.js';
import { registerPlanCommand } from './plan.js';
import { registerReconcileCommand } from './reconcile.js';
import { registerRenderCommand } from './render.js';
import { registerReportCommand } from './report.js';
import { registerShowCommand } from './show.js';
import { registerValidateCommand } from './validate.js';

/** Every command, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIO, setExit: (code: number) => void): void {
  registerInitCommand(program, io, setExit);
  registerValidateCommand(program, io, setExit);
  registerRenderCommand(program, io, setExit);
  registerPlanCommand(program, io, setExit);
  registerShowCommand(program, io, setExit);
  registerApplyCommand(program, io, setExit);
  registerExportCommand(program, io, setExit);
  registerDriftCommand(program, io, setExit);
  registerReconcileCommand(program, io, setExit);
  registerHealthCommand(program, io, setExit);
  registerReportCommand(program, io, setExit);
  registerEmulatorCommand(program, io, setExit);
}
