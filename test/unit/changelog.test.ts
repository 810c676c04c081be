/** The CHANGELOG edits of `npm run release` and the notes the release workflow publishes. */
import { describe, expect, it } from '@jest/globals';
import { ChangelogError, latestVersion, releaseChangelog, sectionOf } from '../../scripts/changelog.js';
import { bumpPackageJson, bumpPackageLock } from '../../scripts/release.js';
import { isReleaseVersion } from '../../scripts/version.js';

const LOG = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '### Fixed',
  '',
  '- prune: a thing.',
  '',
  '## [1.1.0] - 2026-11-01',
  '',
  '### Added',
  '',
  '- upload: another thing.',
  '',
  '[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD',
  '[1.1.0]: https://github.com/o/r/releases/tag/v1.1.0',
  '',
].join('\n');

describe('releaseChangelog', () => {
  it('moves the Unreleased notes under the version and date, leaving an empty Unreleased on top', () => {
    const out = releaseChangelog(LOG, '1.2.0', '2026-12-04', '1.1.0');
    expect(out).toContain(
      '## [Unreleased]\n\n## [1.2.0] - 2026-12-04\n\n### Fixed\n\n- prune: a thing.\n\n## [1.1.0]',
    );
    expect(latestVersion(out)).toBe('1.2.0');
    expect(sectionOf(out, '1.2.0')).toBe('### Fixed\n\n- prune: a thing.');
    expect(sectionOf(out, '1.1.0')).toBe('### Added\n\n- upload: another thing.');
    expect(out).toContain(
      '[Unreleased]: https://github.com/o/r/compare/v1.2.0...HEAD\n[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0\n',
    );
  });

  it('refuses a release without notes, or a version it already has', () => {
    const empty = LOG.replace('### Fixed\n\n- prune: a thing.\n\n', '');
    expect(() => releaseChangelog(empty, '1.2.0', '2026-12-04', '1.1.0')).toThrow(ChangelogError);
    expect(() => releaseChangelog(empty, '1.2.0', '2026-12-04', '1.1.0')).toThrow(
      /Unreleased section is empty/,
    );
    expect(() => releaseChangelog(LOG, '1.1.0', '2026-12-04', '1.1.0')).toThrow(/already has a section/);
    expect(() => releaseChangelog('# Changelog\n', '1.2.0', '2026-12-04', '1.1.0')).toThrow(
      /no "## \[Unreleased\]"/,
    );
  });

  it('has no notes for a version it does not list', () => {
    expect(sectionOf(LOG, '9.9.9')).toBeUndefined();
    expect(sectionOf(LOG, '1.1')).toBeUndefined();
  });
});

describe('version bumps', () => {
  it("changes only package.json's own version", () => {
    const pkg = '{\n  "name": "x",\n  "version": "1.1.0",\n  "dependencies": {\n    "y": "1.1.0"\n  }\n}\n';
    expect(bumpPackageJson(pkg, '1.2.0')).toBe(pkg.replace('"version": "1.1.0"', '"version": "1.2.0"'));
  });

  it("changes the lock file's root version, not its dependencies'", () => {
    const lock = {
      name: 'x',
      version: '1.1.0',
      packages: { '': { version: '1.1.0' }, 'node_modules/y': { version: '1.1.0' } },
    };
    const out = JSON.parse(bumpPackageLock(JSON.stringify(lock), '1.2.0')) as typeof lock;
    expect([out.version, out.packages['']!.version, out.packages['node_modules/y']!.version]).toEqual([
      '1.2.0',
      '1.2.0',
      '1.1.0',
    ]);
  });

  it.each([
    ['1.2.0', true],
    ['10.0.11', true],
    ['v1.2.0', false],
    ['1.2', false],
    ['1.2.0-rc.1', false],
    ['01.2.0', false],
  ])('%s is a release version: %s', (v, ok) => {
    expect(isReleaseVersion(v)).toBe(ok);
  });
});
