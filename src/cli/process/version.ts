import { readFileSync } from 'node:fs';

/** The package version, read from package.json next to dist/ (or src/ under tests). */
export function packageVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
