/**
 * One version everywhere: package.json (the one place it is written), the generated src/version.ts,
 * the user agent the built action sends to AWS, the newest CHANGELOG section, and what
 * the built CLI's `--version`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
import { latestVersion } from '../../scripts/changelog.js';
import { renderVersionModule } from '../../scripts/version.js';
import { VERSION } from '../../src/version.js';
import { DIST } from './harness.js';
import { userAgentOfBundle } from './user-agent.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const pkgVersion = (JSON.parse(read('package.json')) as { version: string }).version;

test('package.json, src/version.ts, the user agent, the CHANGELOG and --version name the same version', async () => {
  expect(read('src/version.ts')).toBe(renderVersionModule(pkgVersion));
  expect(VERSION).toBe(pkgVersion);
  expect(latestVersion(read('CHANGELOG.md'))).toBe(pkgVersion);
  const userAgent = await userAgentOfBundle(DIST);
  expect(userAgent).toContain(`aws-task-pack/${pkgVersion}`);
  const cli = fileURLToPath(new URL('dist/cli.js', root));
  expect(execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' })).toContain(pkgVersion);
});
