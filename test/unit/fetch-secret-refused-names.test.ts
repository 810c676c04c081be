import { beforeEach, describe, expect, it } from '@jest/globals';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { runTask } from '../../src/run-task.js';
import {
  refusedVariableName,
  REFUSED_NAMES,
  REFUSED_PREFIXES,
} from '../../src/operations/fetch-secret/refused-names.js';
import { FakeHost, githubEnv, idTokenFor } from './fake-host.js';
import { FakeSecretsManager } from './fake-secrets.js';
import { stsCredentials, useTaskSandbox } from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/ci-deploy';
const sandbox = useTaskSandbox('atp-refused-');
let store: FakeSecretsManager;

beforeEach(() => {
  sandbox.sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: stsCredentials(1) });
  store = new FakeSecretsManager(sandbox.sm);
});

async function run(inputs: Record<string, string>) {
  await store.install();
  const host = new FakeHost({
    inputs: { operation: 'fetch-secret', 'aws-region': 'eu-west-1', 'role-to-assume': ROLE, ...inputs },
    env: githubEnv(),
    idTokens: [(n) => idTokenFor(n)],
    tempDir: sandbox.tmp,
  });
  const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });
  return { host, code };
}

/** Nothing a secret carries was handed to the host as a variable, an output or a file. */
function expectNothingExported(host: FakeHost): void {
  expect(host.exported).toEqual({});
  // Only the step's own outputs: a failure in apply sets `dry-run` too (one route for every result).
  expect(Object.keys(host.outputs).sort()).toEqual(['dry-run', 'error-code', 'exit-code']);
}

describe('names a secret may not export', () => {
  // Every name the issue lists, reached the ways a secret's author controls: JSON keys under the blank
  // alias, and the secret's own name.
  const HOSTILE_KEYS = [
    'PATH',
    'HOME',
    'SHELL',
    'ENV',
    'BASH_ENV',
    'BASH_FUNC_x',
    'IFS',
    'PS4',
    'LD_PRELOAD',
    'DYLD_INSERT_LIBRARIES',
    'NODE_OPTIONS',
    'NODE_PATH',
    'PYTHONPATH',
    'PYTHONSTARTUP',
    'PERL5OPT',
    'RUBYOPT',
    'JAVA_TOOL_OPTIONS',
    'GITHUB_ENV',
    'GITHUB_OUTPUT',
    'GITHUB_TOKEN',
    'RUNNER_TEMP',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'INPUT_OPERATION',
    'AWS_ACCESS_KEY_ID',
    'path',
  ];

  it.each(HOSTILE_KEYS)(
    'refuses the JSON key %s under the blank alias: exit 1, nothing exported',
    async (key) => {
      store.add('team/app', JSON.stringify({ harmless: 'first-value', [key]: 'hostile-value' }));
      const { host, code } = await run({ 'secret-ids': ',team/app', 'parse-json': 'true' });
      expect(code).toBe(1);
      expect(host.outputs['error-code']).toBe('InvalidInput');
      expect(host.errors[0]).toContain('team/app');
      expect(host.errors[0]).toContain(key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase());
      expect(host.errors.join('\n')).not.toContain('hostile-value');
      expectNothingExported(host);
    },
  );

  it('refuses a secret whose own name becomes a refused variable', async () => {
    store.add('bash-env', 'echo pwned');
    const { host, code } = await run({ 'secret-ids': 'bash-env' });
    expect(code).toBe(1);
    expect(host.errors[0]).toMatch(/bash-env would export the variable BASH_ENV, which is refused/);
    expectNothingExported(host);
  });

  it('refuses an alias of a refused name too (only AWS_* may be chosen by an exact alias)', async () => {
    store.add('ci/token', 'token-value');
    const { host, code } = await run({ 'secret-ids': 'GITHUB_TOKEN,ci/token' });
    expect(code).toBe(1);
    expectNothingExported(host);
  });

  it('exports an AWS_* name the user wrote as the exact alias', async () => {
    store.add('ci/key-id', 'AKIAEXAMPLEKEYID0001');
    const { host, code } = await run({ 'secret-ids': 'AWS_ACCESS_KEY_ID,ci/key-id' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID0001' });
  });

  it('refuses AWS_* that comes from a JSON key under an alias, not from the alias itself', async () => {
    store.add('ci/keys', JSON.stringify({ ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID0002' }));
    const { host, code } = await run({ 'secret-ids': 'AWS,ci/keys', 'parse-json': 'true' });
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('AWS_ACCESS_KEY_ID');
    expectNothingExported(host);
  });

  it('an explicit alias outside the list gives a refused key a safe name', async () => {
    store.add('team/app', JSON.stringify({ PATH: '/opt/app/bin' }));
    const { host, code } = await run({ 'secret-ids': 'APP,team/app', 'parse-json': 'true' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ APP_PATH: '/opt/app/bin' });
  });

  it('set-outputs alone (export-env: false) is not an environment variable and is allowed', async () => {
    store.add('team/app', JSON.stringify({ PATH: '/opt/app/bin' }));
    const { host, code } = await run({
      'secret-ids': ',team/app',
      'parse-json': 'true',
      'export-env': 'false',
    });
    expect(code).toBe(0);
    expect(host.exported).toEqual({});
    expect(host.outputs.PATH).toBe('/opt/app/bin');
  });

  it('compares without regard to case (Windows runners do)', () => {
    expect(refusedVariableName({ name: 'Path', secretName: 's' })).toBeDefined();
    expect(refusedVariableName({ name: 'ld_preload', secretName: 's' })).toBeDefined();
    expect(refusedVariableName({ name: 'DATABASE_URL', secretName: 's' })).toBeUndefined();
  });

  it('the README lists every refused name and prefix', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('Secrets never reach the log'));
    for (const name of REFUSED_NAMES)
      expect({ name, listed: section.includes(`\`${name}\``) }).toEqual({ name, listed: true });
    for (const prefix of REFUSED_PREFIXES)
      expect({ prefix, listed: section.includes(`\`${prefix}*\``) }).toEqual({ prefix, listed: true });
  });
});
