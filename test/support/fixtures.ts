/**
 * The tests' own inputs. `test/fixtures/manifests/` is a copy of the example tree `manifests/`
 * (schema modelines pointing at the repository's schemas/v1 from their new place), so a user who
 * edits `manifests/`, as the README invites, breaks only the one test that covers that tree
 * (test/examples/example-tree.test.ts), not every test that needs a known set of manifests.
 * The emulator's seed (emulator/seed.yaml) is product, not an example: tests keep using it.
 */
import path from 'node:path';
import { REPO_ROOT } from './bin.js';

/** `test/fixtures`: a working directory whose `manifests/` is the example tree as tests know it. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');

/** The tests' copy of the example tree. */
export const FIXTURE_MANIFESTS = path.join(FIXTURES_DIR, 'manifests');
