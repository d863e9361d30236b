/**
 * `kustodian render`'s output is the desired state written out: loaded back, it is the same
 * state (what plan would plan), document for document, in the order written.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/core/model.js';
import { renderResolvedManifests } from '../../src/export/resolved.js';
import { loadManifestTexts, loadManifests } from '../../src/manifest/load.js';
import { REPO_ROOT } from '../support/bin.js';

/** The state without where each value was written (the rendered file is another place). */
function placeless(state: DesiredState): unknown {
  return {
    connections: state.connections.map(({ source: _s, fieldSources: _f, ...c }) => c),
    databases: state.databases.map(({ source: _s, ...d }) => d),
  };
}

describe('renderResolvedManifests', () => {
  it.each([
    ['examples/manifests-repo/manifests', {}],
    ['examples/environments/base', { SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000000', RESOURCE_GROUP: 'testrg', CLUSTER: 'mycluster', DATABASE: 'mydb', ENVIRONMENT: 'x', EVENT_HUB_NAMESPACE: 'n', TELEMETRY_HUB: '${not-a-var}', TELEMETRY_TABLE: 'T', TELEMETRY_MAPPING: 'yes' }],
  ])('%s: loading the rendered stream gives back the same state', async (dir, env) => {
    const loaded = await loadManifests([dir], { cwd: REPO_ROOT, env });
    expect(loaded.diagnostics).toEqual([]);
    const text = renderResolvedManifests(loaded.state);
    const again = loadManifestTexts([{ path: 'rendered.yaml', text }], {});
    expect(again.diagnostics).toEqual([]);
    expect(placeless(again.state)).toEqual(placeless(loaded.state));
  });

  it('heads each document with its source, in file and document order, and prints no Defaults', async () => {
    const loaded = await loadManifests(['examples/manifests-repo/manifests'], { cwd: REPO_ROOT, env: {} });
    const text = renderResolvedManifests(loaded.state);
    const sources = text.match(/^# Source: .*$/gm) ?? [];
    expect(sources.map((s) => path.basename(s.replace(/:\d+:\d+$/, '')))).toEqual([
      'blob-logs-eventgrid.yaml',
      'cosmos-changes.yaml',
      'database.yaml',
      'storm-events-iothub.yaml',
      'telemetry-eventhub.yaml',
    ]);
    expect(text).not.toContain('kind: Defaults');
    expect(text.split('\n---\n')).toHaveLength(5);
  });

  it('an empty state renders to nothing', () => {
    expect(renderResolvedManifests({ connections: [], databases: [] })).toBe('');
  });
});
