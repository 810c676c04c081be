/**
 * Text a third party controls, through the built bundle (dist/index.js) as the runner runs it: a
 * secret's JSON keys never become the runner's file variables, and file names, S3 keys and a server's
 * error text never become workflow commands, read the way the runner reads a step's output (lone CR
 * ends a line, leading white space is trimmed before `::`, `##[` counts anywhere).
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { HOSTILE_FRAGMENTS, injectedCommands, runnerCommands } from '../support/runner-commands.js';
import { cutoffAfterNow, seedObjects, underFaults, useFaultRig } from './fault-support.js';
import { expectExit } from './harness.js';

const rig = useFaultRig('untrusted');

/** Every output a run printed, as the runner reads it. */
const printed = (r: { stdout: string; stderr: string }): string => `${r.stdout}\n${r.stderr}`;

describe('a secret cannot redirect the runner files or export a refused name', () => {
  const VALUE = 'token-value-that-must-stay-home-41c9';
  let attackerFile: string;

  beforeAll(async () => {
    attackerFile = join(rig.work, 'attacker-chosen-env');
    writeFileSync(attackerFile, '');
    await rig.secrets.send(
      new CreateSecretCommand({
        Name: 'team/hostile',
        SecretString: JSON.stringify({ GITHUB_ENV: attackerFile, GITHUB_OUTPUT: attackerFile, TOKEN: VALUE }),
      }),
    );
  });

  test('JSON keys GITHUB_ENV and GITHUB_OUTPUT: exit 1 naming the secret and key, nothing written anywhere', async () => {
    const r = await rig.fetchSecret({ 'secret-ids': ',team/hostile', 'parse-json': 'true' });

    expectExit(r, 1);
    // The step's own outputs only (a failure in apply also says `dry-run`); no variable output.
    expect(r.outputs).toEqual({ 'dry-run': 'false', 'exit-code': '1', 'error-code': 'InvalidInput' });
    expect(r.envFile).toBe('');
    expect(readFileSync(attackerFile, 'utf8')).toBe('');
    expect(r.stdout).toMatch(
      /::error[^:]*::Input `secret-ids`: team\/hostile would export the variable GITHUB_(ENV|OUTPUT), which is refused/,
    );
    // The path is a secret leaf, so it is masked; it appears nowhere else.
    const shown = `${r.stdoutLines.filter((l) => !l.startsWith('::add-mask::')).join('\n')}\n${r.stderr}`;
    expect(shown).not.toContain(attackerFile);
    expect(shown).not.toContain(VALUE);
  });
});

describe('names never become workflow commands', () => {
  beforeAll(() => {
    for (const [i, fragment] of HOSTILE_FRAGMENTS.entries()) {
      const dir = join(rig.work, 'site', `d${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${fragment}.txt`), `file ${i}`);
    }
  });

  test.each(['text', 'json'])('upload-artifact dry run, file names in the log (%s)', async (format) => {
    const r = await rig.s3Step('upload-artifact', {
      path: 'site',
      'key-prefix': `names-${format}/`,
      'dry-run': 'true',
      'log-format': format,
    });

    expectExit(r, 0);
    expect(r.outputs['uploaded-count']).toBe(String(HOSTILE_FRAGMENTS.length));
    expect(injectedCommands(printed(r))).toEqual([]);
  });

  test.each(['text', 'json'])('prune dry run, S3 keys in the log (%s)', async (format) => {
    const prefix = `prune-${format}/`;
    // Keys with CR, LF or NEL break moto's request path handling (AWS stores them, and lists them
    // XML-escaped); those tricks are covered by the file names and the server message above and below.
    const keys = HOSTILE_FRAGMENTS.filter((f) => !/[\r\n\u0085]/.test(f)).map((f) => `${prefix}${f}`);
    await seedObjects(rig.s3, rig.bucket, keys);
    const cutoff = await cutoffAfterNow();
    const r = await rig.s3Step('prune', {
      prefix,
      'older-than': cutoff,
      'dry-run': 'true',
      'log-format': format,
    });

    expectExit(r, 0);
    expect(r.stdout).toContain('(dryrun) delete');
    expect(r.stdout).toContain('INJECTED-6');
    expect(injectedCommands(printed(r))).toEqual([]);
  });

  test.each(['text', 'json'])('a server error message that carries commands (%s)', async (format) => {
    const message = `rejected a\r::stop-commands::INJECTED-S1 b ##[group]INJECTED-S2\n  ::warning::INJECTED-S3`;
    const { result: r, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'PutObject', fault: { kind: 'error', status: 400, code: 'InvalidArgument', message } }],
      () =>
        rig.s3Step('upload-artifact', {
          path: 'site/d0',
          'key-prefix': `server-${format}/`,
          'log-format': format,
        }),
    );

    expect(applied[0]).toBeGreaterThan(0);
    expect(r.code).not.toBe(0);
    // The message did reach the log (as inert text), and our own error annotation is still a command.
    expect(printed(r)).toContain('INJECTED-S2');
    expect(runnerCommands(r.stdout).some((c) => c.name === 'error')).toBe(true);
    expect(injectedCommands(printed(r))).toEqual([]);
  });
});

describe('a path that is itself a symbolic link', () => {
  beforeAll(() => {
    mkdirSync(join(rig.work, 'outside-workspace'), { recursive: true });
    writeFileSync(join(rig.work, 'outside-workspace', 'credentials'), 'not for upload');
    symlinkSync(join(rig.work, 'outside-workspace'), join(rig.work, 'site-link'));
  });

  test('is refused without allow-outside-root: exit 1, zero requests', async () => {
    const before = rig.proxy.requests.length;
    const r = await rig.s3Step('upload-artifact', { path: 'site-link', 'key-prefix': 'linked/' });

    expectExit(r, 1);
    expect(r.outputs['error-code']).toBe('InvalidInput');
    expect(r.stdout).toMatch(
      /::error[^:]*::Input `follow-symlinks`: the symbolic link .*site-link leads to .*outside-workspace/,
    );
    expect(rig.proxy.requests.length).toBe(before);
  });

  test('with allow-outside-root: true it uploads as before', async () => {
    const r = await rig.s3Step('upload-artifact', {
      path: 'site-link',
      'key-prefix': 'linked/',
      'allow-outside-root': 'true',
    });

    expectExit(r, 0);
    expect(r.outputs['uploaded-count']).toBe('1');
  });
});
