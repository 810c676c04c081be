/**
 * What someone adopting the action looks for: a license matching package.json, the changelog, the
 * security policy and the contributing guide, all linked from the README; and Dependabot keeping the
 * AWS SDK packages on one version by updating them in one group.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  license: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('project files', () => {
  it('has an MIT LICENSE, as package.json declares', () => {
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 aws-task-pack contributors\n/);
  });

  it.each(['LICENSE', 'CHANGELOG.md', 'SECURITY.md', 'CONTRIBUTING.md'])(
    'links %s from the README',
    (file) => {
      expect(existsSync(new URL(file, root))).toBe(true);
      expect(read('README.md')).toContain(`](${file})`);
    },
  );

  it('tells reporters to use private vulnerability reporting, not public issues', () => {
    expect(read('SECURITY.md')).toMatch(/private vulnerability reporting/i);
    expect(read('SECURITY.md')).toContain('/security/advisories/new');
  });
});

describe('Dependabot', () => {
  interface Update {
    'package-ecosystem': string;
    groups?: Record<string, { patterns?: string[] }>;
  }
  const config = parse(read('.github/dependabot.yml')) as { version: number; updates: Update[] };

  it('updates npm packages and GitHub Actions', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });

  it('puts every @aws-sdk and @smithy dependency in one group, which holds nothing else', () => {
    const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm')!;
    const groupOf = (name: string): string[] =>
      Object.entries(npm.groups ?? {})
        .filter(([, g]) => g.patterns?.some((p) => minimatch(name, p)))
        .map(([id]) => id);
    const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    const sdk = names.filter((n) => n.startsWith('@aws-sdk/') || n.startsWith('@smithy/'));
    expect(sdk.length).toBeGreaterThan(1);
    const groups = new Set(sdk.map((n) => groupOf(n).join(',')));
    expect([...groups]).toEqual(['aws-sdk']);
    for (const n of names.filter((n) => !sdk.includes(n)))
      expect({ n, groups: groupOf(n) }).not.toEqual({ n, groups: ['aws-sdk'] });
  });
});

describe('release workflow', () => {
  interface Job {
    permissions?: Record<string, string>;
    needs?: string;
    steps: Array<{ run?: string; uses?: string }>;
  }
  const wf = parse(read('.github/workflows/release.yml')) as {
    on: { push: { tags: string[] }; workflow_dispatch: { inputs: Record<string, unknown> } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };

  it('runs on version tags and by hand with a version', () => {
    expect(wf.on.push.tags).toEqual(['v*.*.*']);
    expect(Object.keys(wf.on.workflow_dispatch.inputs)).toEqual(['version']);
  });

  it('grants contents: write to the publishing job only, which runs no npm code and waits for verification', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(wf.jobs).filter(([, j]) =>
      Object.values(j.permissions ?? {}).includes('write'),
    );
    expect(writers.map(([id, j]) => [id, j.permissions])).toEqual([['publish', { contents: 'write' }]]);
    expect(wf.jobs.publish!.needs).toBe('verify');
    expect(wf.jobs.publish!.steps.filter((s) => /\bnp[mx]\b/.test(s.run ?? ''))).toEqual([]);
  });

  it('verifies the version, the CHANGELOG section, a fresh dist/ and the tests before publishing', () => {
    const runs = wf.jobs.verify!.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('require("./package.json").version');
    expect(runs).toContain('scripts/changelog.ts notes "$VERSION"');
    expect(runs).toMatch(/npm run package\n\s*if \[ -n "\$\(git status --porcelain -- dist /);
    expect(runs).toContain('npm test');
  });
});
