/**
 * The emulator's defaults, apart from the emulator itself: the CLI shows them in its help
 * without loading the server (TLS, certificates, routing) until the emulator is started.
 */
import { fileURLToPath } from 'node:url';

/** The example world shipped with kustodian (`emulator/seed.yaml`). */
export const DEFAULT_SEED_FILE: string = fileURLToPath(new URL('../../emulator/seed.yaml', import.meta.url));

/** How long each long-running operation runs unless told otherwise, in milliseconds. */
export const DEFAULT_OPERATION_DURATION_MS = 100;
