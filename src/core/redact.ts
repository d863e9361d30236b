/**
 * Secrets never appear in output. Everything the tool prints that it did not write itself
 * (service error messages, resource IDs, exceptions) passes through `redact` first.
 */

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1[REDACTED]'],
  // A JWT wherever it starts (glued to other text too: `token=eyJ…`, `0eyJ…`).
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[REDACTED-JWT]'],
  [/((?:[?&;]\s*|\b)(?:sig|signature|skoid|sktid)=)[^&;\s"']+/gi, '$1[REDACTED]'],
  [/((?:SharedAccessKey|AccountKey|SharedAccessSignature|client_secret|clientSecret|password)\s*[=:]\s*)("?)[^;&\s"',}]+/gi, '$1$2[REDACTED]'],
];

/**
 * Environment variables whose values are secrets: removed wherever they appear, and never
 * read into a manifest by `${VAR}`.
 */
export const SECRET_ENV_VARIABLES: readonly string[] = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_PASSWORD'];

export function redact(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let out = text;
  for (const name of SECRET_ENV_VARIABLES) {
    const value = env[name];
    if (!value || value.length < 4) continue;
    // As written, and as it reads inside JSON output (quotes and backslashes escaped).
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) out = out.split(form).join('[REDACTED]');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
