/**
 * The CLI installed the way the README says: `npm pack` of the checkout, `npm install -g` of the
 * tarball (and of the checkout itself) into a temporary prefix, then the `aws-task-pack` command from
 * that prefix's bin/. The bundle carries all its code, so the install needs no registry (`--offline`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM_ENV = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

let scratch: string;
let version: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'atp-install-'));
  version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** `npm install -g <what>` into a fresh prefix; the path of the installed command. */
async function installGlobally(what: string, name: string): Promise<{ bin: string; stderr: string }> {
  const prefix = join(scratch, name);
  const { stderr } = await run('npm', ['install', '--global', '--offline', '--prefix', prefix, what], {
    cwd: scratch,
    env: NPM_ENV,
  });
  return { bin: join(prefix, 'bin', 'aws-task-pack'), stderr };
}

/** The installed command, run with a clean environment as a user's shell would. */
async function aws(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, {
      cwd: scratch,
      env: { PATH: process.env.PATH, HOME: scratch, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm install -g', () => {
  test('from a tarball made by npm pack: aws-task-pack --version, --help and a usage error work', async () => {
    const { stdout } = await run('npm', ['pack', '--pack-destination', scratch, ROOT], {
      cwd: scratch,
      env: NPM_ENV,
    });
    const tarball = join(scratch, stdout.trim().split('\n').pop()!);
    const { bin, stderr } = await installGlobally(tarball, 'from-tarball');
    expect(stderr).not.toContain('EBADENGINE');

    expect(await aws(bin, ['--version'])).toEqual({
      code: 0,
      stdout: `aws-task-pack ${version}\n`,
      stderr: '',
    });
    const help = await aws(bin, ['prune', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^aws-task-pack prune: /);
    // A real run reaches the operation code (its lazily loaded chunks are in the package too).
    const bad = await aws(bin, ['prune', '--bucket', 'Bad_Name', '--prefix', 'p/', '--older-than', '1d']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ 'exit-code': 1, 'error-code': 'InvalidInput' });
    expect(bad.stderr).not.toMatch(/Warning/);
  }, 120_000);

  test('from a checkout', async () => {
    const { bin } = await installGlobally(ROOT, 'from-checkout');
    expect(await aws(bin, ['-v'])).toEqual({ code: 0, stdout: `aws-task-pack ${version}\n`, stderr: '' });
  }, 120_000);
});
