/**
 * The round-trip check export runs before writing: the real loader and planner on the files it
 * would write, against the live state it read. Passes on a faithful export; fails, with the
 * address or file, on one that would not load or would plan a change.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LiveDatabase } from '../../src/core/model.js';
import { exportManifests, type ExportResult } from '../../src/export/export.js';
import { loadManifestTexts } from '../../src/manifest/load.js';
import { checkRoundTrip } from '../../src/workflow/export-check.js';
import { DB, MINIMAL, live } from '../support/builders.js';
import { EVERY_KIND } from '../export/fixtures.js';

const NOW = '2026-01-01T00:00:00.000Z';
const exportOf = (live: LiveDatabase[]): ExportResult => exportManifests(live, { schemaPath: 'schema.json' });

/** The export with one file's text changed. */
function tampered(r: ExportResult, path: string, change: (text: string) => string): ExportResult {
  return { ...r, files: r.files.map((f) => (f.path === path ? { ...f, text: change(f.text) } : f)) };
}

describe('checkRoundTrip', () => {
  it('a faithful export of every kind loads and plans with no change', () => {
    expect(checkRoundTrip(exportOf([EVERY_KIND]), [EVERY_KIND], loadManifestTexts, NOW)).toEqual([]);
  });

  it('a connection the service reports Failed only asks for a repair, which is allowed', () => {
    const db: LiveDatabase = { address: DB, connections: [live('broken', 'EventHub', MINIMAL.EventHub, { state: 'Failed' })] };
    expect(checkRoundTrip(exportOf([db]), [db], loadManifestTexts, NOW)).toEqual([]);
  });

  it('an optional field the service answers as an empty string is left out, and plans with no change', () => {
    const db: LiveDatabase = { address: DB, connections: [live('blank', 'EventHub', { ...MINIMAL.EventHub, mappingRuleName: '' })] };
    const r = exportOf([db]);
    expect(r.files.find((f) => f.path.endsWith('blank.yaml'))?.text).not.toContain('mappingRuleName');
    expect(checkRoundTrip(r, [db], loadManifestTexts, NOW)).toEqual([]);
  });

  it('a file that would plan a change fails the check with the connection address', () => {
    const r = tampered(exportOf([EVERY_KIND]), 'mykustocluster/mykustodatabase/telemetry-eventhub.yaml', (t) => t.replace('dataFormat: JSON', 'dataFormat: CSV'));
    const problems = checkRoundTrip(r, [EVERY_KIND], loadManifestTexts, NOW);
    expect(problems.map((d) => [d.code, d.address, d.message])).toEqual([
      ['KD511', `${DB.subscriptionId}/testrg/mykustocluster/mykustodatabase/telemetry-eventhub`, 'planning the exported files would update the connection (fields differ: dataFormat)'],
    ]);
    expect(problems[0]?.hint).toMatch(/nothing was written/);
  });

  it('a file that would not load fails the check with the loader diagnostic', () => {
    const r = tampered(exportOf([EVERY_KIND]), 'mykustocluster/mykustodatabase/defaults.yaml', (t) => t.replace('  cluster: mykustocluster', '  cluster: My_Cluster'));
    const problems = checkRoundTrip(r, [EVERY_KIND], loadManifestTexts, NOW);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((d) => d.code === 'KD511')).toBe(true);
    expect(problems.map((d) => d.message)).toContainEqual(expect.stringMatching(/^an exported file would not load: mykustocluster\/mykustodatabase\/defaults\.yaml:\d+:\d+: error KD126/));
  });

  it('a connection missing from the files fails the check', () => {
    const r = exportOf([EVERY_KIND]);
    const fewer = { ...r, files: r.files.filter((f) => !f.path.endsWith('blob-logs.yaml')) };
    const problems = checkRoundTrip(fewer, [EVERY_KIND], loadManifestTexts, NOW);
    expect(problems.map((d) => d.message)).toEqual(['the exported files declare 3 connections instead of 4']);
  });

  it('a live value holding a credential fails the check, quoted nowhere, and nothing is staged on disk', () => {
    const secret = 'c2VjcmV0LWtleS1mb3ItdGVzdHM=';
    const db: LiveDatabase = {
      address: DB,
      connections: [live('leaky', 'EventHub', { ...MINIMAL.EventHub, mappingRuleName: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=r;SharedAccessKey=${secret}` })],
    };
    // No usable temporary directory: a check that staged its files there would fail to start.
    const before = process.env['TMPDIR'];
    process.env['TMPDIR'] = fileURLToPath(import.meta.url);
    try {
      const problems = checkRoundTrip(exportOf([db]), [db], loadManifestTexts, NOW);
      expect(problems.map((d) => d.code)).toEqual(['KD511']);
      expect(problems[0]?.message).toMatch(/^an exported file would not load: mykustocluster\/mykustodatabase\/leaky\.yaml:\d+:\d+: error KD130: `spec\.mappingRuleName` holds a connection string, key or signature/);
      expect(JSON.stringify(problems)).not.toContain(secret);
    } finally {
      if (before === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = before;
    }
  });
});
