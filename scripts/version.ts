import { readFileSync } from 'node:fs';

/**
 * package.json's `version` is the one place a version is written; `src/version.ts` (read by the user
 * agent and the CLI) is generated from it by `npm run generate`, and a test fails when they differ.
 */

export const VERSION_MODULE = 'src/version.ts';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Whether `version` is a plain release version, `MAJOR.MINOR.PATCH` (no pre-release, no `v`). */
export function isReleaseVersion(version: string): boolean {
  return SEMVER.test(version);
}

export function packageVersion(dir = '.'): string {
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${dir}/package.json has no version`);
  return pkg.version;
}

export function renderVersionModule(version: string): string {
  return [
    '// Generated from package.json by `npm run generate`; change the version there (npm run release).',
    `export const VERSION = '${version.replace(/[\\']/g, '\\$&')}';`,
    '',
  ].join('\n');
}
