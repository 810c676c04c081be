import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { runTask } from '../../src/run-task.js';
import { FakeHost, githubEnv, idTokenFor, type FakeHostOptions } from './fake-host.js';
import { FakeSecretsManager } from './fake-secrets.js';
import { sdkSocketError, secretsManagerError, stsCredentials, useTaskSandbox } from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/ci-deploy';
const sandbox = useTaskSandbox('atp-fetch-');
const { sm, sts } = sandbox;
let store: FakeSecretsManager;
let accessDenied: Error;
let connectionRefused: Error;

beforeAll(async () => {
  accessDenied = await secretsManagerError(
    'AccessDeniedException',
    400,
    'not authorized to BatchGetSecretValue',
  );
  connectionRefused = await sdkSocketError('ECONNREFUSED');
});

beforeEach(() => {
  sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: stsCredentials(1) });
  store = new FakeSecretsManager(sm);
});

function makeHost(inputs: Record<string, string | undefined>, options: FakeHostOptions = {}): FakeHost {
  return new FakeHost({
    inputs: { operation: 'fetch-secret', 'aws-region': 'eu-west-1', 'role-to-assume': ROLE, ...inputs },
    env: githubEnv(),
    idTokens: [(n) => idTokenFor(n)],
    tempDir: sandbox.tmp,
    ...options,
  });
}

async function run(inputs: Record<string, string | undefined>, options: FakeHostOptions = {}) {
  await store.install();
  const host = makeHost(inputs, options);
  const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });
  return { host, code };
}

const commands = () => sm.calls().map((c) => (c.args[0] as object).constructor.name);

/** Every value was given to maskValue before any event that shows it. */
function expectMaskedFirst(host: FakeHost, values: string[]): void {
  for (const value of values) {
    const masked = host.maskIndex(value);
    expect({ value, masked: masked >= 0 }).toEqual({ value, masked: true });
    const shown = host.firstVisibleIndex(value);
    if (shown >= 0)
      expect({ value, maskedBeforeShown: masked < shown }).toEqual({ value, maskedBeforeShown: true });
  }
}

/** Every exported or output value was masked before it was handed to the host. */
function expectEveryValueMaskedBeforeUse(host: FakeHost): void {
  host.events.forEach((e, i) => {
    if (e.type !== 'export' && e.type !== 'output') return;
    if (['exit-code', 'error-code', 'dry-run', 'secret-count', 'variables', 'caller-arn'].includes(e.name))
      return;
    const masked = host.maskIndex(e.value);
    expect({ name: e.name, maskedBefore: masked >= 0 && masked < i }).toEqual({
      name: e.name,
      maskedBefore: true,
    });
  });
}

describe('reading secrets with BatchGetSecretValue', () => {
  it('reads names and aliases, exports env and outputs, and reports them', async () => {
    store.add('prod/db', 'db-password-value').add('prod/api-key', 'api-key-value-123');
    const { host, code } = await run({ 'secret-ids': 'DB,prod/db\nprod/api-key' });

    expect(code).toBe(0);
    expect(commands()).toEqual(['BatchGetSecretValueCommand']);
    expect(sm.commandCalls(BatchGetSecretValueCommand)[0]!.args[0].input.SecretIdList).toEqual([
      'prod/db',
      'prod/api-key',
    ]);
    expect(host.exported).toEqual({ DB: 'db-password-value', PROD_API_KEY: 'api-key-value-123' });
    expect(host.outputs).toMatchObject({
      DB: 'db-password-value',
      PROD_API_KEY: 'api-key-value-123',
      'secret-count': '2',
      variables: JSON.stringify(['DB', 'PROD_API_KEY']),
      'exit-code': '0',
    });
    expect(host.summary).toContain('BatchGetSecretValue');
    expect(host.summary).toContain('| prod/db | DB,prod/db |');
    expect(host.summary).not.toContain('db-password-value');
    expectEveryValueMaskedBeforeUse(host);
  });

  it('reads 45 ids in 3 batches of at most 20', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `app/secret-${String(i).padStart(2, '0')}`);
    for (const n of names) store.add(n, `value-of-${n}`);
    const { host, code } = await run({ 'secret-ids': names.join('\n') });

    expect(code).toBe(0);
    const batches = sm.commandCalls(BatchGetSecretValueCommand).map((c) => c.args[0].input.SecretIdList!);
    expect(batches.map((b) => b.length).sort((a, b) => b - a)).toEqual([20, 20, 5]);
    expect(batches.flat().sort()).toEqual([...names].sort());
    expect(Object.keys(host.exported)).toHaveLength(45);
    expect(host.exported.APP_SECRET_44).toBe('value-of-app/secret-44');
    expect(host.outputs['secret-count']).toBe('45');
  });

  it('fails with exit 5 and exports nothing when a secret does not exist', async () => {
    store.add('prod/db', 'db-password-value');
    const { host, code } = await run({ 'secret-ids': 'prod/db\nprod/missing' });

    expect(code).toBe(5);
    expect(host.outputs['error-code']).toBe('ResourceNotFoundException');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('prod/missing');
    expect(host.errors[0]).toContain('Nothing was exported');
    expect(host.exported).toEqual({});
    expect(host.outputs.PROD_DB).toBeUndefined();
    // The value that did arrive is still masked: it was in memory.
    expect(host.masks).toContain('db-password-value');
    expect(host.firstVisibleIndex('db-password-value')).toBe(-1);
  });

  it('fails with exit 4 and exports nothing when one secret is denied', async () => {
    store.add('prod/db', 'db-password-value').add('prod/other', 'other-value');
    store.denied.add('prod/other');
    const { host, code } = await run({ 'secret-ids': 'prod/db\nprod/other' });

    expect(code).toBe(4);
    expect(host.outputs['error-code']).toBe('AccessDeniedException');
    expect(host.errors[0]).toContain('secretsmanager:GetSecretValue');
    expect(host.exported).toEqual({});
  });

  it('falls back to GetSecretValue per secret, with a warning, when the batch call is denied', async () => {
    store.add('prod/db', 'db-password-value').add('prod/api-key', 'api-key-value-123');
    await store.install();
    sm.on(BatchGetSecretValueCommand).rejects(accessDenied);
    const host = makeHost({ 'secret-ids': 'DB,prod/db\nprod/api-key' });
    const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });

    expect(code).toBe(0);
    expect(sm.commandCalls(BatchGetSecretValueCommand)).toHaveLength(1);
    const singles = sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input);
    expect(singles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ SecretId: 'prod/db', VersionStage: 'AWSCURRENT' }),
        expect.objectContaining({ SecretId: 'prod/api-key', VersionStage: 'AWSCURRENT' }),
      ]),
    );
    expect(singles).toHaveLength(2);
    expect(host.warnings.some((w) => w.includes('BatchGetSecretValue'))).toBe(true);
    expect(host.exported).toEqual({ DB: 'db-password-value', PROD_API_KEY: 'api-key-value-123' });
    expect(host.summary).toContain('GetSecretValue per secret');
  });

  it('fails with exit 3 on a network failure, exporting nothing', async () => {
    store.add('prod/db', 'db-password-value');
    await store.install();
    sm.on(BatchGetSecretValueCommand).rejects(connectionRefused);
    const host = makeHost({ 'secret-ids': 'prod/db' });
    expect(await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } })).toBe(3);
    expect(host.exported).toEqual({});
    expect(host.outputs['exit-code']).toBe('3');
  });

  it('reads a full ARN in its own region, in any partition', async () => {
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:cn/token-AbCdEf';
    store.add('cn/token', 'cn-token-value');
    store.secrets.get('cn/token')!.arn = arn;
    store.add('prod/db', 'db-password-value');
    const { host, code } = await run({ 'secret-ids': `${arn}\nprod/db` });

    expect(code).toBe(0);
    const regions = new Map<string, string>();
    for (const call of sm.commandCalls(BatchGetSecretValueCommand)) {
      const client = call.thisValue as SecretsManagerClient;
      regions.set(call.args[0].input.SecretIdList!.join(','), await client.config.region());
    }
    expect(Object.fromEntries(regions)).toEqual({ [arn]: 'cn-north-1', 'prod/db': 'eu-west-1' });
    expect(host.exported).toEqual({ CN_TOKEN: 'cn-token-value', PROD_DB: 'db-password-value' });
  });

  it('does not give one secret the value of another whose ARN merely starts like it', async () => {
    store.add('prod/db', 'db-password-value').add('prod/db-backup', 'backup-password-value');
    const partial = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db';
    const { host, code } = await run({ 'secret-ids': `${partial}\nprod/db-backup` });

    expect(code).toBe(0);
    expect(host.exported).toEqual({ PROD_DB: 'db-password-value', PROD_DB_BACKUP: 'backup-password-value' });
  });
});

describe('other versions use GetSecretValue', () => {
  it('reads version-stage AWSPREVIOUS one request per secret', async () => {
    store.add('prod/db', 'new-password', { previous: 'old-password' });
    store.add('prod/api', 'new-key', { previous: 'old-key-value' });
    const { host, code } = await run({ 'secret-ids': 'prod/db\nprod/api', 'version-stage': 'AWSPREVIOUS' });

    expect(code).toBe(0);
    expect(sm.commandCalls(BatchGetSecretValueCommand)).toHaveLength(0);
    const inputs = sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) expect(input.VersionStage).toBe('AWSPREVIOUS');
    expect(host.exported).toEqual({ PROD_DB: 'old-password', PROD_API: 'old-key-value' });
    expect(host.summary).toContain('GetSecretValue per secret');
  });

  it('reads a version id without a stage', async () => {
    store.add('prod/db', 'new-password', { previous: 'old-password' });
    const versionId = store.versionOf('prod/db', 'AWSPREVIOUS');
    const { host, code } = await run({ 'secret-ids': 'prod/db', 'version-id': versionId });

    expect(code).toBe(0);
    expect(sm.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 'prod/db',
      VersionId: versionId,
      VersionStage: undefined,
    });
    expect(host.exported).toEqual({ PROD_DB: 'old-password' });
  });

  it('reports a missing secret per secret (exit 5) with GetSecretValue too', async () => {
    store.add('prod/db', 'new-password', { previous: 'old-password' });
    const { host, code } = await run({ 'secret-ids': 'prod/db\nnope', 'version-stage': 'AWSPREVIOUS' });
    expect(code).toBe(5);
    expect(host.errors[0]).toContain('nope');
    expect(host.exported).toEqual({});
  });
});

describe('wildcards', () => {
  function addMany(prefix: string, count: number): string[] {
    const names = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    for (const n of names) store.add(n, `value-of-${n}`);
    return names;
  }

  it('pages through more than 100 matches with BatchGetSecretValue, case-sensitively', async () => {
    const names = addMany('svc/key-', 130);
    store.add('SVC/upper', 'must-not-be-read-as-match').add('other/x', 'unrelated-value');
    const { host, code } = await run({ 'secret-ids': 'svc/*' });

    expect(code).toBe(0);
    const pages = sm.commandCalls(BatchGetSecretValueCommand).map((c) => c.args[0].input);
    expect(pages.length).toBeGreaterThanOrEqual(7);
    expect(pages[0]!.Filters).toEqual([{ Key: 'name', Values: ['svc/'] }]);
    expect(pages.slice(1).every((p) => p.NextToken)).toBe(true);
    expect(Object.keys(host.exported)).toHaveLength(130);
    expect(host.exported.SVC_KEY_129).toBe('value-of-svc/key-129');
    expect(host.exported.SVC_UPPER).toBeUndefined();
    expect(host.outputs['secret-count']).toBe(String(names.length));
  });

  it('pages ListSecrets and reads each match with GetSecretValue for another stage', async () => {
    for (let i = 0; i < 105; i++)
      store.add(`tls/c-${String(i).padStart(3, '0')}`, `cur-${i}`, { previous: `prev-value-${i}` });
    store.add('TLS/other', 'x', { previous: 'must-not-be-read' });
    const { host, code } = await run({ 'secret-ids': 'tls/*', 'version-stage': 'AWSPREVIOUS' });

    expect(code).toBe(0);
    const lists = sm.commandCalls(ListSecretsCommand).map((c) => c.args[0].input);
    expect(lists).toHaveLength(2);
    expect(lists[1]!.NextToken).toBeDefined();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(105);
    expect(sm.commandCalls(BatchGetSecretValueCommand)).toHaveLength(0);
    expect(Object.keys(host.exported)).toHaveLength(105);
    expect(host.exported.TLS_C_104).toBe('prev-value-104');
  });

  it('fails with exit 5 when nothing matches', async () => {
    store.add('prod/db', 'x-value');
    const { host, code } = await run({ 'secret-ids': 'nothing/*' });
    expect(code).toBe(5);
    expect(host.outputs['error-code']).toBe('NoSecretsMatched');
  });

  it('does not silently drop a match that cannot be read', async () => {
    store.add('app/a', 'readable-value').add('app/b', 'forbidden-value');
    store.denied.add('app/b');
    const { host, code } = await run({ 'secret-ids': 'app/*' });
    expect(code).toBe(4);
    expect(host.exported).toEqual({});
  });

  it('detects two matches that map to one variable after fetching: exit 1, nothing exported', async () => {
    store.add('app/db', 'first-value').add('app/DB', 'second-value');
    const { host, code } = await run({ 'secret-ids': 'app/*' });
    expect(code).toBe(1);
    expect(host.outputs['error-code']).toBe('InvalidInput');
    expect(host.errors[0]).toContain('APP_DB');
    expect(host.exported).toEqual({});
    // A failure during apply reports through the outcome: the step's own outputs, no variable.
    expect(Object.keys(host.outputs).sort()).toEqual(['dry-run', 'error-code', 'exit-code']);
  });
});

describe('JSON secrets', () => {
  const JSON_SECRET = JSON.stringify({
    username: 'admin-user',
    password: 'p@ss w0rd!',
    port: 27017,
    ssl: true,
    nothing: null,
    hosts: ['db-1.internal', 'db-2.internal'],
    nested: { a: { b: 'deep-value' } },
  });

  it('flattens keys (nested joined by _), keeps arrays as JSON and stringifies scalars', async () => {
    store.add('prod/db', JSON_SECRET);
    const { host, code } = await run({ 'secret-ids': 'DB,prod/db', 'parse-json': 'true' });

    expect(code).toBe(0);
    expect(host.exported).toEqual({
      DB_USERNAME: 'admin-user',
      DB_PASSWORD: 'p@ss w0rd!',
      DB_PORT: '27017',
      DB_SSL: 'true',
      DB_NOTHING: 'null',
      DB_HOSTS: '["db-1.internal","db-2.internal"]',
      DB_NESTED_A_B: 'deep-value',
    });
    expectMaskedFirst(host, [JSON_SECRET, 'admin-user', 'p@ss w0rd!', 'deep-value', '27017']);
    expectEveryValueMaskedBeforeUse(host);
  });

  it('exports the whole JSON text without parse-json', async () => {
    store.add('prod/db', JSON_SECRET);
    const { host, code } = await run({ 'secret-ids': 'prod/db' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ PROD_DB: JSON_SECRET });
    // Leaves are masked anyway: the JSON text could be printed piecewise by a later step.
    expectMaskedFirst(host, [JSON_SECRET, 'p@ss w0rd!']);
  });

  it('selects json-keys, including nested a.b, and masks only what it selects', async () => {
    store.add('prod/db', JSON_SECRET);
    const { host, code } = await run({
      'secret-ids': 'DB,prod/db',
      'parse-json': 'true',
      'json-keys': 'password\nnested.a.b',
    });

    expect(code).toBe(0);
    expect(host.exported).toEqual({ DB_PASSWORD: 'p@ss w0rd!', DB_NESTED_A_B: 'deep-value' });
    expectMaskedFirst(host, ['p@ss w0rd!', 'deep-value', JSON_SECRET]);
    expect(host.masks).not.toContain('admin-user');
  });

  it('selects a whole object by its key path', async () => {
    store.add('prod/db', JSON_SECRET);
    const { host, code } = await run({
      'secret-ids': 'DB,prod/db',
      'parse-json': 'true',
      'json-keys': 'nested',
    });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ DB_NESTED_A_B: 'deep-value' });
  });

  it('fails when a json key exists in no secret, exporting nothing', async () => {
    store.add('prod/db', JSON_SECRET);
    const { host, code } = await run({
      'secret-ids': 'DB,prod/db',
      'parse-json': 'true',
      'json-keys': 'pasword',
    });
    expect(code).not.toBe(0);
    expect(host.outputs['error-code']).toBe('JsonKeyNotFound');
    expect(host.errors[0]).toContain('pasword');
    expect(host.exported).toEqual({});
  });

  it('exports a non-JSON secret whole under parse-json', async () => {
    store.add('prod/plain', 'just-text-value');
    const { host, code } = await run({ 'secret-ids': 'prod/plain', 'parse-json': 'true' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ PROD_PLAIN: 'just-text-value' });
  });

  it('uses top-level names for the blank alias', async () => {
    store.add('prod/db', JSON.stringify({ user: 'blank-user', password: 'blank-pass' }));
    const { host, code } = await run({ 'secret-ids': ',prod/db', 'parse-json': 'true' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ USER: 'blank-user', PASSWORD: 'blank-pass' });
  });

  it('names a non-JSON secret after itself for the blank alias, with or without parse-json', async () => {
    store.add('prod/plain', 'just-text-value');
    for (const parseJson of ['true', 'false']) {
      const { host, code } = await run({ 'secret-ids': ',prod/plain', 'parse-json': parseJson });
      expect(code).toBe(0);
      expect(host.exported).toEqual({ PROD_PLAIN: 'just-text-value' });
    }
  });

  it('detects two keys of one secret that map to one variable (exit 1)', async () => {
    store.add('prod/db', JSON.stringify({ a_b: 'first-value', a: { b: 'second-value' } }));
    const { host, code } = await run({ 'secret-ids': 'DB,prod/db', 'parse-json': 'true' });
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('DB_A_B');
    expect(host.exported).toEqual({});
  });

  it('detects two secrets whose keys collide under the same alias (exit 1)', async () => {
    store
      .add('one', JSON.stringify({ password: 'pass-one' }))
      .add('two', JSON.stringify({ password: 'pass-two' }));
    const { host, code } = await run({ 'secret-ids': 'DB,one\nDB,two', 'parse-json': 'true' });
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('DB_PASSWORD');
    expect(host.exported).toEqual({});
  });
});

describe('names', () => {
  beforeEach(() => {
    store.add('prod/api-key', 'api-key-value').add('1password', 'digit-value');
    store.add('prod/db', JSON.stringify({ passWord: 'mixed-case-value' }));
  });

  it('uppercases by default and makes names valid', async () => {
    const { host } = await run({ 'secret-ids': 'prod/api-key\n1password\nDb,prod/db', 'parse-json': 'true' });
    expect(Object.keys(host.exported).sort()).toEqual(['DB_PASSWORD', 'PROD_API_KEY', '_1PASSWORD']);
  });

  it('lowercases', async () => {
    const { host } = await run({
      'secret-ids': 'prod/api-key\nDb,prod/db',
      'parse-json': 'true',
      'name-transformation': 'lowercase',
    });
    expect(Object.keys(host.exported).sort()).toEqual(['db_password', 'prod_api_key']);
  });

  it('keeps the case with none', async () => {
    const { host } = await run({
      'secret-ids': 'prod/api-key\nDb,prod/db',
      'parse-json': 'true',
      'name-transformation': 'none',
    });
    expect(Object.keys(host.exported).sort()).toEqual(['Db_passWord', 'prod_api_key']);
  });
});

describe('where values go', () => {
  it('sets no per-variable outputs with set-outputs false, and no env with export-env false', async () => {
    store.add('prod/db', 'db-password-value');
    const { host, code } = await run({
      'secret-ids': 'prod/db',
      'set-outputs': 'false',
      'export-env': 'false',
    });
    expect(code).toBe(0);
    expect(host.exported).toEqual({});
    expect(host.outputs.PROD_DB).toBeUndefined();
    expect(host.outputs.variables).toBe('["PROD_DB"]');
  });

  it('never lets a variable replace one of the action’s own outputs', async () => {
    store.add('variables', 'a-secret-value');
    const { host, code } = await run({ 'secret-ids': 'variables', 'name-transformation': 'lowercase' });
    expect(host.outputs.variables).not.toBe('a-secret-value');
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('variables');
    expect(host.exported).toEqual({});
    // Without outputs there is nothing to replace.
    const ok = await run({
      'secret-ids': 'variables',
      'name-transformation': 'lowercase',
      'set-outputs': 'false',
    });
    expect(ok.code).toBe(0);
    expect(ok.host.exported).toEqual({ variables: 'a-secret-value' });
  });

  it('writes files with mode 0600: text as text, binary as raw bytes; env gets base64 when asked', async () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255, 10, 13, 128]);
    store.add('tls/key', bytes).add('tls/pass', 'text-pass-value');
    const dir = join(sandbox.tmp, 'out');
    const { host, code } = await run({
      'secret-ids': 'tls/key\ntls/pass',
      'write-to-dir': dir,
      'binary-encoding': 'base64',
    });

    expect(code).toBe(0);
    const b64 = Buffer.from(bytes).toString('base64');
    expect(host.exported).toEqual({ TLS_KEY: b64, TLS_PASS: 'text-pass-value' });
    expect(host.outputs.TLS_KEY).toBe(b64);
    expect(readdirSync(dir).sort()).toEqual(['TLS_KEY', 'TLS_PASS']);
    expect(new Uint8Array(readFileSync(join(dir, 'TLS_KEY')))).toEqual(bytes);
    expect(readFileSync(join(dir, 'TLS_PASS'), 'utf8')).toBe('text-pass-value');
    for (const f of ['TLS_KEY', 'TLS_PASS']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expectMaskedFirst(host, [b64, 'text-pass-value']);
  });

  it('masks the text form of a binary secret that is valid UTF-8', async () => {
    store.add('bin/text', new TextEncoder().encode('utf8-binary-secret'));
    const { host, code } = await run({ 'secret-ids': 'bin/text' });
    expect(code).toBe(0);
    expect(host.masks).toEqual(
      expect.arrayContaining(['utf8-binary-secret', Buffer.from('utf8-binary-secret').toString('base64')]),
    );
  });
});

describe('masking', () => {
  it('masks the whole value and each line of a multi-line value before anything shows them', async () => {
    const pem = '-----BEGIN KEY-----\nMIIBVwIBADANBgkqhkiG\r\n  indented-line-value  \n-----END KEY-----\n';
    store.add('tls/pem', pem);
    const { host, code } = await run({ 'secret-ids': 'tls/pem' }, { debug: true });

    expect(code).toBe(0);
    expectMaskedFirst(host, [
      pem,
      '-----BEGIN KEY-----',
      'MIIBVwIBADANBgkqhkiG',
      'indented-line-value',
      '-----END KEY-----',
    ]);
    expectEveryValueMaskedBeforeUse(host);
    expect(host.exported.TLS_PEM).toBe(pem);
  });

  it('never shows a value in the log, annotations or summary, even in debug mode', async () => {
    store.add('prod/db', JSON.stringify({ password: 'very-secret-pass' }));
    const { host } = await run({ 'secret-ids': 'DB,prod/db', 'parse-json': 'true' }, { debug: true });
    for (const e of host.events) {
      if (e.type === 'line' || e.type === 'annotation') expect(e.text).not.toContain('very-secret-pass');
      if (e.type === 'summary') expect(e.markdown).not.toContain('very-secret-pass');
    }
  });

  it('warns about a short value without showing it', async () => {
    store.add('prod/pin', 'q7');
    const { host, code } = await run({ 'secret-ids': 'prod/pin' });
    expect(code).toBe(0);
    expect(host.masks).toContain('q7');
    const warning = host.warnings.find((w) => w.includes('PROD_PIN'));
    expect(warning).toBeDefined();
    expect(warning).toContain('shorter than 4');
    expect(warning).not.toContain('q7');
    expect(host.exported).toEqual({ PROD_PIN: 'q7' });
  });
});

describe('dry-run', () => {
  it('only describes and lists, never reads a value, and reports the variables that would be exported', async () => {
    store
      .add('prod/db', JSON.stringify({ password: 'never-read-pass' }))
      .add('tls/a', 'x-never')
      .add('tls/b', 'y-never');
    const { host, code } = await run({
      'secret-ids': 'DB,prod/db\ntls/*',
      'dry-run': 'true',
      'parse-json': 'true',
      'json-keys': 'password',
    });

    expect(code).toBe(0);
    expect(new Set(commands())).toEqual(new Set(['DescribeSecretCommand', 'ListSecretsCommand']));
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(sm.commandCalls(BatchGetSecretValueCommand)).toHaveLength(0);
    expect(sm.commandCalls(DescribeSecretCommand)).toHaveLength(3);
    expect(host.exported).toEqual({});
    expect(host.outputs).toMatchObject({ 'dry-run': 'true', 'secret-count': '3', 'exit-code': '0' });
    expect(host.summary).toContain('Dry run: no secret value was read');
    expect(host.summary).toContain('DB_PASSWORD');
    expect(host.summary).toContain('TLS_A_PASSWORD');
    expect(host.masks).not.toContain('never-read-pass');
  });

  it('names the variables exactly for plain secrets', async () => {
    store.add('prod/api-key', 'never-read');
    const { host, code } = await run({ 'secret-ids': 'prod/api-key', 'dry-run': 'true' });
    expect(code).toBe(0);
    expect(host.summary).toContain('PROD_API_KEY');
    expect(host.lines.some((l) => l.includes('PROD_API_KEY'))).toBe(true);
  });

  it('fails (exit 5) when a secret does not exist or lacks the wanted stage', async () => {
    store.add('prod/db', 'v');
    let result = await run({ 'secret-ids': 'prod/nope', 'dry-run': 'true' });
    expect(result.code).toBe(5);
    result = await run({ 'secret-ids': 'prod/db', 'dry-run': 'true', 'version-stage': 'AWSPREVIOUS' });
    expect(result.code).toBe(5);
    expect(result.host.outputs['error-code']).toBe('ResourceNotFoundException');
    expect(result.host.errors[0]).toContain('prod/db');
    expect(result.host.errors[0]).toContain('`version-stage`');
  });

  it('fails (exit 4) when DescribeSecret is denied', async () => {
    store.add('prod/db', 'v');
    store.denied.add('prod/db');
    const { code } = await run({ 'secret-ids': 'prod/db', 'dry-run': 'true' });
    expect(code).toBe(4);
  });
});

/**
 * What a workflow moving from aws-secretsmanager-get-secrets writes, with the variables that action
 * documents (its README and integration workflow, restated here as our own data).
 */
describe('as a drop-in for aws-secretsmanager-get-secrets', () => {
  const batchIds = () =>
    sm.commandCalls(BatchGetSecretValueCommand).map((c) => c.args[0].input.SecretIdList ?? 'filter');

  it('reads a secret named by a plain line and an alias line once, exporting both variables', async () => {
    store.add('SampleSecret1', 'sample-value-1');
    const { host, code } = await run({
      'secret-ids': 'SampleSecret1\nSAMPLESECRET1_ALIAS,SampleSecret1\nOTHER_ALIAS,SampleSecret1',
    });
    expect(code).toBe(0);
    expect(batchIds()).toEqual([['SampleSecret1']]);
    expect(host.exported).toEqual({
      SAMPLESECRET1: 'sample-value-1',
      SAMPLESECRET1_ALIAS: 'sample-value-1',
      OTHER_ALIAS: 'sample-value-1',
    });
    expect(host.outputs['secret-count']).toBe('1');
  });

  it('reads it once with GetSecretValue too (version-stage AWSPREVIOUS)', async () => {
    store.add('SampleSecret1', 'current-value', { previous: 'previous-value' });
    const { host, code } = await run({
      'secret-ids': 'SampleSecret1\nSAMPLESECRET1_ALIAS,SampleSecret1',
      'version-stage': 'AWSPREVIOUS',
    });
    expect(code).toBe(0);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(host.exported).toEqual({ SAMPLESECRET1: 'previous-value', SAMPLESECRET1_ALIAS: 'previous-value' });
  });

  it('reads a secret once when a wildcard also matches a listed one', async () => {
    store.add('test/one', 'one-value').add('test/two', 'two-value');
    const { host, code } = await run({ 'secret-ids': 'test/*\ntest/one' });
    expect(code).toBe(0);
    expect(batchIds()).toEqual(['filter']);
    expect(host.exported).toEqual({ TEST_ONE: 'one-value', TEST_TWO: 'two-value' });
  });

  it('reads it once with ListSecrets and GetSecretValue too, the explicit line under its alias', async () => {
    store.add('test/one', 'one-value', { previous: 'old-one' }).add('test/two', 'two-value', {
      previous: 'old-two',
    });
    const { host, code } = await run({
      'secret-ids': 'test/*\nONE,test/one',
      'version-stage': 'AWSPREVIOUS',
    });
    expect(code).toBe(0);
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      'test/one',
      store.arnOf('test/two'),
    ]);
    expect(host.exported).toEqual({ ONE: 'old-one', TEST_ONE: 'old-one', TEST_TWO: 'old-two' });
  });

  it('names the one secret a wildcard matches after the alias given to it', async () => {
    store.add('beta/only', 'only-value').add('other', 'x');
    const { host, code } = await run({ 'secret-ids': 'ONLY,beta/*' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ ONLY: 'only-value' });
  });

  it('fails (exit 1) before reading any value when an aliased wildcard matches several secrets', async () => {
    store.add('beta/one', 'one-value').add('beta/two', 'two-value');
    const { host, code } = await run({ 'secret-ids': 'ALIAS,beta*' });
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('matches 2 secrets');
    expect(commands()).toEqual(['ListSecretsCommand']);
    expect(host.exported).toEqual({});
  });

  it.each(['Uppercase', 'UPPERCASE', 'Lowercase', 'NONE'])(
    'accepts name-transformation %s',
    async (value) => {
      store.add('Example/Secret', 'example-value');
      const { host, code } = await run({ 'secret-ids': 'Example/Secret', 'name-transformation': value });
      expect(code).toBe(0);
      const name = { uppercase: 'EXAMPLE_SECRET', lowercase: 'example_secret', none: 'Example_Secret' }[
        value.toLowerCase()
      ]!;
      expect(host.exported).toEqual({ [name]: 'example-value' });
    },
  );

  it('takes parse-json-secrets as parse-json', async () => {
    store.add('test/secret', JSON.stringify({ api_user: 'user-value', api_key: 'key-value' }));
    const { host, code } = await run({ 'secret-ids': 'test/secret', 'parse-json-secrets': 'true' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ TEST_SECRET_API_USER: 'user-value', TEST_SECRET_API_KEY: 'key-value' });
  });

  it('refuses parse-json and parse-json-secrets together (exit 1, no request)', async () => {
    const { host, code } = await run({
      'secret-ids': 'test/secret',
      'parse-json': 'true',
      'parse-json-secrets': 'true',
    });
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('parse-json-secrets');
    expect(sm.calls()).toHaveLength(0);
  });

  it('names a bad value by the alias it was given under', async () => {
    const { host, code } = await run({ 'secret-ids': 'test/secret', 'parse-json-secrets': 'yes' });
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('Input `parse-json-secrets`: "yes" is not a boolean');
  });

  it('exports a binary secret as its text by default', async () => {
    store.add('bin/cert', new TextEncoder().encode('-----BEGIN CERT-----\nzertifikät\n'));
    const { host, code } = await run({ 'secret-ids': 'bin/cert' });
    expect(code).toBe(0);
    expect(host.exported).toEqual({ BIN_CERT: '-----BEGIN CERT-----\nzertifikät\n' });
  });

  it('fails (exit 1) on a binary secret that is not UTF-8 under utf8, naming it, exporting nothing', async () => {
    store.add('bin/ok', 'fine-value').add('bin/raw', new Uint8Array([0x80, 0x81, 0xfe, 0xff]));
    const { host, code } = await run({ 'secret-ids': 'bin/ok\nbin/raw' });
    expect(code).toBe(1);
    expect(host.outputs['error-code']).toBe('InvalidInput');
    expect(host.errors[0]).toContain('bin/raw');
    expect(host.errors[0]).toContain('binary-encoding: base64');
    expect(host.exported).toEqual({});
  });
});
