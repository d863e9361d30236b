/** The manifest loader as the workflows see it (src/manifest/load.ts provides it). */
import type { Diagnostic } from '../core/diagnostics.js';
import type { DesiredState } from '../core/model.js';

export interface LoadResult {
  readonly state: DesiredState;
  readonly diagnostics: Diagnostic[];
  readonly files: string[];
}

export type ManifestLoader = (
  paths: readonly string[],
  options: { readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>> },
) => Promise<LoadResult>;

/** Loads manifests given as texts (path relative to the tree's root → YAML), without the disk. */
export type ManifestTextLoader = (
  texts: readonly { readonly path: string; readonly text: string }[],
  env: Readonly<Record<string, string | undefined>>,
) => LoadResult;
