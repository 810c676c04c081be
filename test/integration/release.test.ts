/**
 * `npm run release -- X.Y.Z` on a clean copy of this checkout: the tree it leaves is ready to commit
 * (only the version, the changelog, the generated version module and dist/ change) and its dist/ is the
 * bundle of the released sources (it sends the new version in the user agent).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { latestVersion, sectionOf } from '../../scripts/changelog.js';
import { userAgentOfBundle } from './user-agent.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NEXT = '9.8.7';
let copy: string;

const git = (args: string[], cwd = copy): string =>
  execFileSync('git', ['-c', 'user.name=release-test', '-c', 'user.email=release-test@invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
const changed = (): string[] =>
  git(['status', '--porcelain', '--untracked-files=all'])
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .sort();

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'atp-release-'));
  // The files of this checkout as they are now (tracked and new, not ignored), committed in a new repository.
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT)
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    const source = join(ROOT, f);
    try {
      cpSync(source, join(copy, f));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // deleted, not yet committed
    }
  }
  // node_modules as real directories: through a symbolic link ncc would see other module paths and
  // number the chunks differently. Hard links when the file system allows, a copy otherwise.
  const linked = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), copy]);
  if (linked.status !== 0)
    cpSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), { recursive: true });
  git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'base']);
}, 120_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

test('npm run release refuses a version that is not above the current one, writing nothing', () => {
  const refused = spawnSync('npm', ['run', 'release', '--', '0.0.1'], { cwd: copy, encoding: 'utf8' });
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/release: 0\.0\.1 is not above the current version/);
  expect(changed()).toEqual([]);
});

test(`npm run release -- ${NEXT} leaves a commit-ready tree with a fresh dist/`, async () => {
  const previous = latestVersion(readFileSync(join(copy, 'CHANGELOG.md'), 'utf8'));
  const unreleased = readFileSync(join(copy, 'CHANGELOG.md'), 'utf8').split('## [Unreleased]')[1]!;
  const release = spawnSync('npm', ['run', 'release', '--', NEXT], { cwd: copy, encoding: 'utf8' });
  expect({ status: release.status, stderr: release.stderr }).toEqual({
    status: 0,
    stderr: expect.any(String),
  });
  expect(release.stdout).toContain(`git tag v${NEXT}`);

  // Only what a release changes; dist/ among them.
  const paths = changed();
  const outsideDist = paths.filter((p) => !p.startsWith('dist/'));
  expect(outsideDist).toEqual(['CHANGELOG.md', 'package-lock.json', 'package.json', 'src/version.ts']);
  expect(paths).toEqual(expect.arrayContaining(['dist/index.js', 'dist/cli.js']));

  const read = (p: string): string => readFileSync(join(copy, p), 'utf8');
  expect((JSON.parse(read('package.json')) as { version: string }).version).toBe(NEXT);
  const lock = JSON.parse(read('package-lock.json')) as {
    version: string;
    packages: Record<string, { version: string }>;
  };
  expect([lock.version, lock.packages['']!.version]).toEqual([NEXT, NEXT]);
  expect(read('src/version.ts')).toContain(`'${NEXT}'`);

  const changelog = read('CHANGELOG.md');
  expect(latestVersion(changelog)).toBe(NEXT);
  const today = new Date().toISOString().slice(0, 10);
  expect(changelog).toContain(`## [Unreleased]\n\n## [${NEXT}] - ${today}\n`);
  // The Unreleased notes moved under the new heading, word for word.
  expect(sectionOf(changelog, NEXT)).toBe(unreleased.split(/^## \[/m)[0]!.trim());
  expect(changelog).toMatch(
    new RegExp(`^\\[${NEXT.replace(/\./g, '\\.')}\\]: \\S+/compare/v${previous}\\.\\.\\.v${NEXT}$`, 'm'),
  );

  // The bundle users get names the new version.
  expect(await userAgentOfBundle(join(copy, 'dist/index.js'))).toContain(`aws-task-pack/${NEXT}`);
  expect(read('dist/cli.js')).toContain(NEXT);

  // Commit-ready. dist/ was bundled from the final sources: it carries the new version, which only the
  // regenerated src/version.ts holds, and regenerating now changes nothing. (CI's check-dist rebuilds
  // the committed tree anyway; a second bundle here would double this test's ~40 s.)
  git(['add', '-A']);
  git(['commit', '-q', '-m', `Release ${NEXT}`]);
  const regenerate = spawnSync('npm', ['run', 'generate'], { cwd: copy, encoding: 'utf8' });
  expect(regenerate.status).toBe(0);
  expect(changed()).toEqual([]);
}, 240_000);
