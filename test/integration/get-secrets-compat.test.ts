/**
 * A workflow moving from aws-actions/aws-secretsmanager-get-secrets (and configure-aws-credentials)
 * to `fetch-secret`: the examples of that action's README and the steps of its integration workflow,
 * restated here as our own data (names and shapes as documented, values our own), run through the
 * built bundle against moto. Each must give the variables that action documents, or, where this
 * action differs on purpose, fail clearly before any request.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { OPERATIONS } from '../../src/operations/schema.js';
import { TEST_CREDENTIALS } from './fixtures.js';
import { errorAnnotations, expectExit, startHarness, type Harness, type RunResult } from './harness.js';

// Each group of examples in its own region: the README's examples reuse names such as `test/secret`.
const EXAMPLES = 'us-east-1';
const JSON_EXAMPLE = 'eu-west-1';
const WORKFLOW = 'us-east-2';

let h: Harness;
let test1Arn: string;
let test2Arn: string;

const BINARY_TEXT = '-----BEGIN NOTE-----\nnicht ascii: grüße\n-----END NOTE-----\n';
const NOT_UTF8 = Uint8Array.from([0x51, 0x72, 0xc3, 0x28, 0xff, 0x00, 0x7a]);

beforeAll(async () => {
  h = await startHarness();
  const arns = await h.seed(
    [
      // README Example 1 (and 4, and 2's prefix).
      { name: 'exampleSecretName', text: 'example-value-Kd81' },
      { name: 'test1', text: 'test1-value-Hs02' },
      { name: '0/test/secret', text: 'zero-test-value-Lp33' },
      { name: '/prod/example/secret', text: 'prod-example-value-Wq44' },
      { name: 'test/secret', text: 'test-secret-value-Ym55' },
      { name: 'test2', text: 'test2-value-Rt66' },
      { name: 'secret2', text: 'secret2-value-Bn77' },
      { name: 'betaSecretName', text: 'beta-one-value-Cv88' },
      { name: 'betaTest', text: 'beta-two-value-Xz99' },
      { name: 'beta_NewSecret', text: 'beta-three-value-Qa10' },
      { name: 'one/only-match', text: 'only-match-value-Gh11' },
      { name: 'bin/text', binary: new TextEncoder().encode(BINARY_TEXT) },
      { name: 'bin/raw', binary: NOT_UTF8 },
    ],
    EXAMPLES,
  );
  test1Arn = arns.test1!;
  test2Arn = arns.test2!;
  // README Example 3.
  await h.seed(
    [
      {
        name: 'test/secret',
        text: JSON.stringify({
          api_user: 'example-user-Jk12',
          api_key: 'example-key-Mn13',
          config: { active: 'true' },
        }),
      },
      {
        name: 'secret2',
        text: JSON.stringify({ myusername: 'user-name-Op14', mypassword: 'pass-word-Qr15' }),
      },
    ],
    JSON_EXAMPLE,
  );
  // That action's integration workflow.
  await h.seed(
    [
      { name: 'SampleSecret1', text: 'sample-one-value-St16' },
      { name: '/special/chars/secret', text: 'special-value-Uv17' },
      { name: '0/special/chars/secret', text: 'zero-special-value-Wx18' },
      { name: 'PrefixSecret1', text: 'prefix-one-value-Yz19' },
      { name: 'PrefixSecret2', text: 'prefix-two-value-Ab20' },
      {
        name: 'JsonSecret',
        text: JSON.stringify({
          api_user: 'json-user-Cd21',
          api_key: 'json-key-Ef22',
          config: { active: 'true' },
        }),
      },
    ],
    WORKFLOW,
  );
}, 90_000);

afterAll(async () => {
  await h?.stop();
});

/** A step as the other action's users write it: credentials from an earlier step, in the environment. */
function step(region: string, withInputs: Record<string, string>): Promise<RunResult> {
  return h.run({
    inputs: { operation: 'fetch-secret', 'endpoint-url': h.proxy.endpoint, ...withInputs },
    idToken: false,
    credentials: TEST_CREDENTIALS,
    // configure-aws-credentials sets both; that action reads AWS_DEFAULT_REGION.
    env: { AWS_REGION: region, AWS_DEFAULT_REGION: region },
  });
}

/** The variables the step exported (runner names and values), without our own bookkeeping. */
const exported = (r: RunResult): Record<string, string> => r.env;
const operations = (r: RunResult): string[] => r.requests.map((q) => q.operation);

describe('the README examples of aws-secretsmanager-get-secrets', () => {
  test('Example 1: by name, by ARN, leading digit and slash, aliases and a blank alias', async () => {
    const r = await step(EXAMPLES, {
      'secret-ids': [
        'exampleSecretName',
        test1Arn,
        '0/test/secret',
        '/prod/example/secret',
        'SECRET_ALIAS_1,test/secret',
        `SECRET_ALIAS_2,${test2Arn}`,
        ',secret2',
      ].join('\n'),
    });
    expectExit(r, 0);
    expect(exported(r)).toEqual({
      EXAMPLESECRETNAME: 'example-value-Kd81',
      TEST1: 'test1-value-Hs02',
      _0_TEST_SECRET: 'zero-test-value-Lp33',
      _PROD_EXAMPLE_SECRET: 'prod-example-value-Wq44',
      SECRET_ALIAS_1: 'test-secret-value-Ym55',
      SECRET_ALIAS_2: 'test2-value-Rt66',
      SECRET2: 'secret2-value-Bn77',
    });
  });

  test('Example 2: every secret that begins with a prefix', async () => {
    const r = await step(EXAMPLES, { 'secret-ids': 'beta*' });
    expectExit(r, 0);
    expect(exported(r)).toEqual({
      BETASECRETNAME: 'beta-one-value-Cv88',
      BETATEST: 'beta-two-value-Xz99',
      BETA_NEWSECRET: 'beta-three-value-Qa10',
    });
  });

  test('Example 3: parse-json-secrets, nested keys, and a blank alias naming keys alone', async () => {
    const r = await step(JSON_EXAMPLE, {
      'secret-ids': 'test/secret\n,secret2',
      'parse-json-secrets': 'true',
    });
    expectExit(r, 0);
    expect(exported(r)).toEqual({
      TEST_SECRET_API_USER: 'example-user-Jk12',
      TEST_SECRET_API_KEY: 'example-key-Mn13',
      TEST_SECRET_CONFIG_ACTIVE: 'true',
      MYUSERNAME: 'user-name-Op14',
      MYPASSWORD: 'pass-word-Qr15',
    });
  });

  test('Example 4: lowercase names', async () => {
    const r = await step(EXAMPLES, { 'secret-ids': 'exampleSecretName', 'name-transformation': 'lowercase' });
    expectExit(r, 0);
    expect(exported(r)).toEqual({ examplesecretname: 'example-value-Kd81' });
  });

  test('Example 5 differs on purpose: auto-select-family-attempt-timeout is refused with what to do, before any request', async () => {
    const r = await step(EXAMPLES, {
      'secret-ids': 'test/secret\nexampleSecretName',
      'auto-select-family-attempt-timeout': '2000',
    });
    expectExit(r, 1);
    expect(r.requests).toEqual([]);
    expect(errorAnnotations(r)[0]).toContain(
      '`auto-select-family-attempt-timeout`: is an input of aws-secretsmanager-get-secrets',
    );
    expect(errorAnnotations(r)[0]).toContain('connect-timeout-ms');
    expect(exported(r)).toEqual({});
  });
});

describe('the integration workflow of aws-secretsmanager-get-secrets', () => {
  const lines = (alias: string): string =>
    [
      'SampleSecret1',
      '/special/chars/secret',
      '0/special/chars/secret',
      'PrefixSecret*',
      'JsonSecret',
      // As written there: a space after the comma, and the same secret as the first line.
      `${alias}, SampleSecret1`,
    ].join('\n');
  const expected = (transform: (name: string) => string): Record<string, string> =>
    Object.fromEntries(
      [
        ['SampleSecret1', 'sample-one-value-St16'],
        ['_special_chars_secret', 'special-value-Uv17'],
        ['_0_special_chars_secret', 'zero-special-value-Wx18'],
        ['PrefixSecret1', 'prefix-one-value-Yz19'],
        ['PrefixSecret2', 'prefix-two-value-Ab20'],
        ['JsonSecret_api_user', 'json-user-Cd21'],
        ['JsonSecret_api_key', 'json-key-Ef22'],
        ['JsonSecret_config_active', 'true'],
        ['SampleSecret1_Alias', 'sample-one-value-St16'],
      ].map(([name, value]) => [transform(name!), value!]),
    );

  test.each([
    ['Uppercase', 'SAMPLESECRET1_ALIAS', (n: string) => n.toUpperCase()],
    ['lowercase', 'samplesecret1_alias', (n: string) => n.toLowerCase()],
    ['none', 'SampleSecret1_Alias', (n: string) => n],
    [undefined, 'SAMPLESECRET1_ALIAS', (n: string) => n.toUpperCase()],
  ])(
    'name-transformation %s, with the same secret listed twice',
    async (transformation, alias, transform) => {
      const r = await step(WORKFLOW, {
        'secret-ids': lines(alias),
        'parse-json-secrets': 'true',
        ...(transformation ? { 'name-transformation': transformation } : {}),
      });
      expectExit(r, 0);
      expect(exported(r)).toEqual(expected(transform));
      // SampleSecret1 was asked for once, in one batch call beside the other ids.
      const batches = r.requests.filter(
        (q) => q.operation === 'BatchGetSecretValue' && q.body.includes('SecretIdList'),
      );
      expect(batches).toHaveLength(1);
      expect((JSON.parse(batches[0]!.body) as { SecretIdList: string[] }).SecretIdList.sort()).toEqual(
        ['/special/chars/secret', '0/special/chars/secret', 'JsonSecret', 'SampleSecret1'].sort(),
      );
    },
  );

  test('parse-json-secrets defaults to false: the whole JSON in one variable', async () => {
    const r = await step(WORKFLOW, { 'secret-ids': 'JsonSecret' });
    expectExit(r, 0);
    expect(JSON.parse(exported(r).JSONSECRET!)).toEqual({
      api_user: 'json-user-Cd21',
      api_key: 'json-key-Ef22',
      config: { active: 'true' },
    });
  });
});

describe('what a migration runs into', () => {
  test('a wildcard that also matches a listed secret reads it once', async () => {
    const r = await step(WORKFLOW, { 'secret-ids': 'PrefixSecret*\nPrefixSecret1' });
    expectExit(r, 0);
    expect(operations(r)).toEqual(['BatchGetSecretValue']);
    expect(exported(r)).toEqual({
      PREFIXSECRET1: 'prefix-one-value-Yz19',
      PREFIXSECRET2: 'prefix-two-value-Ab20',
    });
  });

  test('an alias on a prefix that matches one secret names it; on one that matches several, exit 1 before any value', async () => {
    const one = await step(EXAMPLES, { 'secret-ids': 'ONLY,one/*' });
    expectExit(one, 0);
    expect(exported(one)).toEqual({ ONLY: 'only-match-value-Gh11' });

    const several = await step(WORKFLOW, { 'secret-ids': 'PREFIX,PrefixSecret*' });
    expectExit(several, 1);
    expect(errorAnnotations(several)[0]).toContain('matches 2 secrets');
    expect(operations(several)).toEqual(['ListSecrets']);
    expect(exported(several)).toEqual({});
  });

  test('a binary secret is exported as its text; one that is not UTF-8 fails naming it, or goes base64 when asked', async () => {
    const text = await step(EXAMPLES, { 'secret-ids': 'bin/text' });
    expectExit(text, 0);
    expect(exported(text)).toEqual({ BIN_TEXT: BINARY_TEXT });

    const raw = await step(EXAMPLES, { 'secret-ids': 'bin/text\nbin/raw' });
    expectExit(raw, 1);
    expect(errorAnnotations(raw)[0]).toContain('bin/raw');
    expect(errorAnnotations(raw)[0]).toContain('binary-encoding: base64');
    expect(exported(raw)).toEqual({});
    // Masked (the runner is told first), never shown.
    const shown = raw.stdoutLines.filter((l) => !l.startsWith('::add-mask::'));
    expect(shown.filter((l) => l.includes(Buffer.from(NOT_UTF8).toString('base64')))).toEqual([]);
    expect(raw.summary).not.toContain(Buffer.from(NOT_UTF8).toString('base64'));

    const b64 = await step(EXAMPLES, { 'secret-ids': 'bin/raw', 'binary-encoding': 'base64' });
    expectExit(b64, 0);
    expect(exported(b64)).toEqual({ BIN_RAW: Buffer.from(NOT_UTF8).toString('base64') });
  });

  test('an input of configure-aws-credentials this action lacks says what to do instead', async () => {
    const r = await step(EXAMPLES, {
      'secret-ids': 'exampleSecretName',
      'aws-access-key-id': 'AKIDEXAMPLEONLY0001',
    });
    expectExit(r, 1);
    expect(r.requests).toEqual([]);
    expect(errorAnnotations(r)[0]).toContain('AWS_ACCESS_KEY_ID');
  });
});

describe('no input is silently ignored, in any operation', () => {
  const minimal: Record<string, Record<string, string>> = {
    'ensure-bucket': { bucket: 'compat-bucket' },
    prune: { bucket: 'compat-bucket', prefix: 'builds/', 'older-than': '7d' },
    'upload-artifact': { bucket: 'compat-bucket', path: 'dist/**' },
    'fetch-secret': { 'secret-ids': 'exampleSecretName' },
  };

  test.each(OPERATIONS.map((o) => [o]))(
    '%s: a typo (INPUT_MAX-ATEMPTS) exits 1 with a suggestion, no request',
    async (operation) => {
      const r = await h.run({
        inputs: { operation, 'endpoint-url': h.proxy.endpoint, ...minimal[operation], 'max-atempts': '3' },
        idToken: false,
        credentials: TEST_CREDENTIALS,
        env: { AWS_REGION: EXAMPLES },
      });
      expectExit(r, 1);
      expect(r.requests).toEqual([]);
      expect(r.outputs['error-code']).toBe('InvalidInput');
      expect(errorAnnotations(r)[0]).toContain('`max-atempts`');
      expect(errorAnnotations(r)[0]).toContain('did you mean `max-attempts`?');
    },
  );

  test('a step as the runner starts it passes: every input action.yml declares, with its default or empty', async () => {
    const declared = (
      parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      }
    ).inputs;
    const runnerInputs = Object.fromEntries(
      // The runner evaluates `${{ github.token }}`; any token text will do here.
      Object.entries(declared)
        // Those two the step gives itself.
        .filter(([name]) => name !== 'operation' && name !== 'endpoint-url')
        .map(([name, spec]) => [name, spec.default?.startsWith('${{') ? 'ghs_token' : (spec.default ?? '')]),
    );
    const r = await step(EXAMPLES, {
      ...runnerInputs,
      'secret-ids': 'exampleSecretName',
      'parse-json-secrets': 'true',
    });
    expectExit(r, 0);
    expect(exported(r)).toEqual({ EXAMPLESECRETNAME: 'example-value-Kd81' });
  });

  test('an input of another operation is refused too: keep-latest given to fetch-secret', async () => {
    const r = await step(EXAMPLES, { 'secret-ids': 'exampleSecretName', 'keep-latest': '3' });
    expectExit(r, 1);
    expect(r.requests).toEqual([]);
    expect(errorAnnotations(r)[0]).toContain('`keep-latest`: is an input of `prune`');
  });
});
