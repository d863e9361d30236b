/**
 * The emulator's defaults, apart from the emulator itself: the CLI shows them in its help
 * without loading the server (TLS, certificates, routing) until the emulator is started.
 */
import { packageFile } from '../fs/package-root.js';

/** The example world shipped with kustodian (`emulator/seed.yaml`). */
export const DEFAULT_SEED_FILE: string = packageFile('emulator', 'seed.yaml');

/** How long each long-running operation runs unless told otherwise, in milliseconds. */
export const DEFAULT_OPERATION_DURATION_MS = 100;
