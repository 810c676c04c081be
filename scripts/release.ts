/**
 * Prepares a release in the working tree, ready to commit and tag:
 *
 *   npm run release -- 1.2.0
 *
 * - sets `version` in package.json (and package-lock.json, which npm keeps equal to it);
 * - turns CHANGELOG.md's `## [Unreleased]` section into `## [1.2.0] - <today, UTC>` under a new, empty
 *   Unreleased heading, and updates the comparison links at the bottom;
 * - runs `npm run package`: src/version.ts (the user agent and the CLI's --version read it), action.yml
 *   and the README tables are regenerated, and dist/ is bundled from the result.
 *
 * It refuses a dirty tree (the release commit would carry unrelated changes), a version that is not
 * `MAJOR.MINOR.PATCH` or not above the current one, and an empty Unreleased section (a release without
 * notes). Nothing is written before every check has passed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHANGELOG, ChangelogError, releaseChangelog } from './changelog.js';
import { isReleaseVersion, packageVersion } from './version.js';

export class ReleaseError extends Error {}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** package.json with its own `version` changed, every other byte kept. */
export function bumpPackageJson(text: string, version: string): string {
  const re = /^( {2}"version": )"[^"]*"/m;
  if (!re.test(text)) throw new ReleaseError('package.json has no top-level "version"');
  return text.replace(re, `$1"${version}"`);
}

/** package-lock.json as npm writes it, with the root package's version changed. */
export function bumpPackageLock(text: string, version: string): string {
  const lock = JSON.parse(text) as { version?: string; packages?: Record<string, { version?: string }> };
  lock.version = version;
  if (lock.packages?.['']) lock.packages[''].version = version;
  return `${JSON.stringify(lock, null, 2)}\n`;
}

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8' });
}

function main(argv: string[]): void {
  const version = argv.find((a) => !a.startsWith('-'));
  if (!version || !isReleaseVersion(version))
    throw new ReleaseError(
      `usage: npm run release -- MAJOR.MINOR.PATCH (e.g. 1.2.0, no "v"); got ${JSON.stringify(version ?? '')}`,
    );
  const current = packageVersion();
  if (compareVersions(version, current) <= 0)
    throw new ReleaseError(`${version} is not above the current version ${current}`);
  const dirty = git(['status', '--porcelain']).trim();
  if (dirty && !argv.includes('--allow-dirty'))
    throw new ReleaseError(
      `the working tree has changes; commit or stash them first (or --allow-dirty):\n${dirty}`,
    );

  const date = new Date().toISOString().slice(0, 10);
  const changelog = releaseChangelog(readFileSync(CHANGELOG, 'utf8'), version, date, current);
  const pkg = bumpPackageJson(readFileSync('package.json', 'utf8'), version);
  const lock = bumpPackageLock(readFileSync('package-lock.json', 'utf8'), version);
  writeFileSync(CHANGELOG, changelog);
  writeFileSync('package.json', pkg);
  writeFileSync('package-lock.json', lock);

  execFileSync('npm', ['run', 'package'], { stdio: 'inherit' });

  console.log(`\nPrepared ${version} (${date}). Check the changes, then:\n`);
  console.log(`  git add -A && git commit -m 'Release ${version}'`);
  console.log(`  git tag v${version} && git push origin HEAD v${version}\n`);
  console.log('The release workflow publishes the release and moves the major tag.');
}

// Run only as a script: the unit test imports the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ReleaseError || err instanceof ChangelogError)) throw err;
    console.error(`release: ${err.message}`);
    process.exitCode = 1;
  }
}
