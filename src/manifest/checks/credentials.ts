/**
 * Credentials never belong in a manifest. Any key that names one (anywhere in a document, any
 * letter case, any `-`/`_`/`.` spelling) is an error, and so is a value that carries a key or a
 * signature (a connection string or SAS token). The offending key is removed, and an offending
 * value withheld, before any other check runs, so no later message can echo it.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { KD, report } from '../codes.js';
import { type LNode, mapEntries, mapItems } from '../yaml/tree.js';

/** Key names (lower-cased, punctuation removed) that are credentials. */
const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  'secret', 'clientsecret', 'password', 'passwd', 'pwd', 'passphrase', 'token', 'accesstoken', 'sastoken',
  'credential', 'credentials', 'apikey', 'accesskey', 'accountkey', 'storagekey', 'sharedaccesskey',
  'sharedaccesssignature', 'primarykey', 'secondarykey', 'connectionstring', 'privatekey', 'certificate',
]);

/** Endings that make any key a credential (`iotHubSharedAccessKey`, `eventHubConnectionString`). */
const CREDENTIAL_SUFFIXES = [
  'secret', 'password', 'token', 'apikey', 'accesskey', 'accountkey', 'sharedaccesskey', 'connectionstring', 'privatekey',
] as const;

/** Value fragments that only a connection string or a SAS token carries. */
const CREDENTIAL_VALUE = /(?:SharedAccessKey|AccountKey|SharedAccessSignature)\s*=|[?&]sig=|-----BEGIN [A-Z ]*PRIVATE KEY-----/i;

export function isCredentialKey(key: string): boolean {
  let known = keyVerdicts.get(key);
  if (known === undefined) {
    const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    known = CREDENTIAL_KEYS.has(k) || CREDENTIAL_SUFFIXES.some((s) => k.endsWith(s));
    if (keyVerdicts.size < 10_000) keyVerdicts.set(key, known);
  }
  return known;
}
/** Verdicts by key: a tree of thousands of documents repeats a few dozen key names. */
const keyVerdicts = new Map<string, boolean>();

function carriesCredential(node: LNode): boolean {
  return node.type === 'scalar' && typeof node.value === 'string' && CREDENTIAL_VALUE.test(node.value);
}

/** The tree without credential entries (each reported at its key), or the same tree when none. */
export function stripCredentials(root: LNode, diagnostics: Diagnostic[]): LNode {
  return strip(root, [], diagnostics);
}

/** Copies only what changes: a tree without credentials comes back as the same object. */
function strip(node: LNode, path: readonly string[], diagnostics: Diagnostic[]): LNode {
  if (node.type === 'seq') {
    return mapItems(node, (item, i) => {
      if (carriesCredential(item)) {
        diagnostics.push(report(KD.credential, item.pos, field([...path, `[${i}]`]), 'holds a connection string, key or signature'));
        return withheld(item);
      }
      return item.type === 'scalar' ? item : strip(item, [...path, `[${i}]`], diagnostics);
    });
  }
  if (node.type === 'map') {
    return mapEntries(node, (e) => {
      if (isCredentialKey(e.key)) {
        diagnostics.push(report(KD.credential, e.keyPos, field([...path, e.key]), 'is a credential'));
        return undefined;
      }
      if (carriesCredential(e.value)) {
        diagnostics.push(report(KD.credential, e.value.pos, field([...path, e.key]), 'holds a connection string, key or signature'));
        return { ...e, value: withheld(e.value) };
      }
      if (e.value.type === 'scalar') return e;
      const value = strip(e.value, [...path, e.key], diagnostics);
      return value === e.value ? e : { ...e, value };
    });
  }
  return node;
}

/**
 * A credential value replaced by an empty placeholder marked unresolved: the field still exists
 * (so no "required field missing" follows), later checks skip it, and nothing can quote it.
 */
function withheld(node: LNode): LNode {
  return { type: 'scalar', pos: node.pos, value: '', quoted: true, unresolved: true };
}

function field(path: readonly string[]): string {
  return path.reduce((acc, seg) => (seg.startsWith('[') ? acc + seg : acc === '' ? seg : `${acc}.${seg}`), '');
}
