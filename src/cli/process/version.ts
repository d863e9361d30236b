import { readFileSync } from 'node:fs';
import { packageFile } from '../../fs/package-root.js';

/** The package version, read from package.json next to dist/ (found from the package root: dist/, the bundle, or src/ under tests). */
export function packageVersion(): string {
  const url = packageFile('package.json');
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
