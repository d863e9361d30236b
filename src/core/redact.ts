/**
 * Secrets never appear in output. Everything the tool prints that it did not write itself
 * (service error messages, resource IDs, exceptions) passes through `redact` first.
 */

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1[REDACTED]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[REDACTED-JWT]'],
  [/((?:[?&;]\s*|\b)(?:sig|signature|skoid|sktid)=)[^&;\s"']+/gi, '$1[REDACTED]'],
  [/((?:SharedAccessKey|AccountKey|SharedAccessSignature|client_secret|clientSecret|password)\s*[=:]\s*)("?)[^;&\s"',}]+/gi, '$1$2[REDACTED]'],
];

/** Secret values taken from the environment, removed wherever they appear. */
const SECRET_ENV = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_PASSWORD'];

export function redact(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let out = text;
  for (const name of SECRET_ENV) {
    const value = env[name];
    if (value && value.length >= 4) out = out.split(value).join('[REDACTED]');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
