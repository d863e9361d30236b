/**
 * The emulator's TLS material kept beside its state file, so an emulator restarted with the same
 * state serves the same CA and certificate: a client that trusted the CA before the restart (an
 * apply waiting on an operation, a CI job's CA file) reconnects. The file holds the leaf's
 * private key, so it is written with mode 0600 (through src/fs/safe-write.ts, never through a link out).
 * Material that no longer fits (another host, expiring within a day, unreadable) is replaced.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { writeFileInside } from '../../fs/safe-write.js';
import { generateTls, type TlsMaterial } from './tls.js';

const DAY_MS = 86_400_000;

/** `state.json` → `state.tls.json`, in the same folder. */
export function tlsFileFor(stateFile: string): string {
  const base = path.basename(stateFile).replace(/\.json$/i, '');
  return path.join(path.dirname(stateFile), `${base}.tls.json`);
}

function isMaterial(v: unknown): v is TlsMaterial {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['cert'] === 'string' && typeof r['key'] === 'string' && typeof r['ca'] === 'string';
}

/** The saved material, when it serves `host` for at least another day. */
function usable(file: string, host: string, now: number): TlsMaterial | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isMaterial(saved)) return undefined;
  try {
    const leaf = new X509Certificate(saved.cert);
    const ca = new X509Certificate(saved.ca);
    const hostOk = isIP(host) === 0 ? leaf.checkHost(host) !== undefined : leaf.checkIP(host) !== undefined;
    const fresh = Date.parse(leaf.validTo) - now > DAY_MS && Date.parse(ca.validTo) - now > DAY_MS;
    return hostOk && fresh && leaf.verify(ca.publicKey) ? { cert: saved.cert, key: saved.key, ca: saved.ca } : undefined;
  } catch {
    return undefined;
  }
}

/** The material kept beside `stateFile` for `host`, made and kept there when there is none that fits. */
export async function keptTls(stateFile: string, host: string): Promise<TlsMaterial> {
  const file = tlsFileFor(stateFile);
  const kept = usable(file, host, Date.now());
  if (kept !== undefined) return kept;
  const made = await generateTls(host);
  writeFileInside(path.dirname(file), file, `${JSON.stringify({ cert: made.cert, key: made.key, ca: made.ca })}\n`, { mode: 0o600 });
  return made;
}
