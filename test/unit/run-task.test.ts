import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
} from '@aws-sdk/client-sts';
import { runTask } from '../../src/run-task.js';
import { FakeHost, githubEnv, idTokenFor, type FakeHostOptions } from './fake-host.js';
import { FakeSecretsManager } from './fake-secrets.js';
import { allCalls, setAmbientKeys, stsCredentials, stsError, useTaskSandbox } from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/ci-deploy';
const sandbox = useTaskSandbox('atp-run-');
const { s3, sm, sts } = sandbox;
let secrets: FakeSecretsManager;
let idpCommunicationError: Error;
let invalidIdentityToken: Error;

beforeAll(async () => {
  idpCommunicationError = await stsError('IDPCommunicationError');
  invalidIdentityToken = await stsError('InvalidIdentityToken');
});

beforeEach(async () => {
  sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: stsCredentials(1) });
  sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(2) });
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '123456789012', Arn: `${ROLE.replace(':iam:', ':sts:')}/session`, UserId: 'x' });
  secrets = await new FakeSecretsManager(sm).add('prod/db', 'db-password-value').install();
});

function makeHost(inputs: Record<string, string | undefined> = {}, options: FakeHostOptions = {}): FakeHost {
  return new FakeHost({
    inputs: {
      operation: 'fetch-secret',
      'aws-region': 'eu-west-1',
      'role-to-assume': ROLE,
      'secret-ids': 'prod/db',
      ...inputs,
    },
    env: githubEnv(),
    idTokens: [(n) => idTokenFor(n)],
    tempDir: sandbox.tmp,
    ...options,
  });
}

const run = (host: FakeHost, signal?: AbortSignal) =>
  runTask(host, { signal, backoff: { sleep: async () => {}, random: () => 0 } });

describe('a bad input costs zero requests', () => {
  const VERSION_ID = 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1';
  it.each<[string, Record<string, string | undefined>, FakeHostOptions?]>([
    ['parse-json', { 'parse-json': 'yes' }],
    ['dry-run', { 'dry-run': 'ture' }],
    ['job-summary', { 'job-summary': '1' }],
    ['role-duration-seconds', { 'role-duration-seconds': '899' }],
    ['max-attempts', { 'max-attempts': '21' }],
    ['role-to-assume', { 'role-to-assume': 'arn:aws:iam::123:role/x' }],
    ['role-to-assume', { 'role-to-assume': 'arn:minio:iam:::role/x' }],
    ['role-session-name', { 'role-session-name': 'has space' }],
    ['aws-region', { 'aws-region': undefined }],
    ['aws-region', { 'aws-region': 'Europe' }],
    ['endpoint-url', { 'endpoint-url': 'ftp://example.com' }],
    ['allowed-account-ids', { 'allowed-account-ids': '1234' }],
    ['log-format', { 'log-format': 'xml' }],
    ['web-identity-token-file', { 'web-identity-token-file': '/tmp/t', 'role-to-assume': undefined }],
    ['secret-ids', { 'secret-ids': undefined }],
    ['secret-ids', { 'secret-ids': 'TLS,tls/**' }],
    ['binary-encoding', { 'binary-encoding': 'hex' }],
    ['parse-json-secret', { 'parse-json-secret': 'true' }],
    ['keep-latest', { 'keep-latest': '3' }],
    ['parse-json-secrets', { 'parse-json': 'true', 'parse-json-secrets': 'true' }],
    ['secret-ids', { 'secret-ids': '9X,prod/db' }],
    ['secret-ids', { 'secret-ids': 'prod/db\nprod-db' }],
    ['json-keys', { 'json-keys': 'password' }],
    ['version-id', { 'version-id': VERSION_ID, 'version-stage': 'AWSPREVIOUS' }],
    ['version-id', { 'version-id': VERSION_ID, 'secret-ids': 'a\nb' }],
    ['name-transformation', { 'name-transformation': 'camel' }],
    ['export-env', { 'export-env': 'False ' + 'x' }],
    ['operation', { operation: 'deploy' }],
    ['operation', { operation: undefined }],
  ])('%s: %j', async (input, inputs) => {
    const host = makeHost(inputs);
    const code = await run(host);

    expect(code).toBe(1);
    expect(host.idTokenCalls).toBe(0);
    expect(allCalls(s3, sm, sts)).toBe(0);
    expect(s3.calls()).toEqual([]);
    expect(sm.calls()).toEqual([]);
    expect(sts.calls()).toEqual([]);
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain(`\`${input}\``);
    expect(host.outputs['exit-code']).toBe('1');
    expect(host.outputs['error-code']).toBe('InvalidInput');
    expect(host.exported).toEqual({});
    expect(host.masks).toEqual([]);
  });

  it('reports the failure in the job summary too', async () => {
    const host = makeHost({ 'parse-json': 'yes' });
    await run(host);
    expect(host.summary).toMatch(/^### ❌ fetch-secret: Input `/);
    expect(host.summary).toContain('InvalidInput');
  });
});

describe('authentication through runTask', () => {
  it('uses web identity with a fresh token per attempt: 3 token requests and 3 STS calls', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(idpCommunicationError)
      .rejectsOnce(idpCommunicationError)
      .resolves({ Credentials: stsCredentials(1) });
    const host = makeHost();
    expect(await run(host)).toBe(0);
    expect(host.idTokenCalls).toBe(3);
    const calls = sts.commandCalls(AssumeRoleWithWebIdentityCommand);
    expect(calls.map((c) => c.args[0].input.WebIdentityToken)).toEqual([1, 2, 3].map(idTokenFor));
    expect(host.exported).toEqual({ PROD_DB: 'db-password-value' });
  });

  it('passes the audience and a bounded timeout to the token request', async () => {
    const host = makeHost({ audience: 'my-aud' });
    await run(host);
    const request = host.events.find((e) => e.type === 'id-token');
    expect(request).toMatchObject({ audience: 'my-aud' });
    expect((request as { timeoutMs: number }).timeoutMs).toBeGreaterThan(0);
    expect((request as { timeoutMs: number }).timeoutMs).toBeLessThanOrEqual(65000);
  });

  it('fails at once with exit 2 and error-code InvalidIdentityToken', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(invalidIdentityToken);
    const host = makeHost();
    expect(await run(host)).toBe(2);
    expect(host.idTokenCalls).toBe(1);
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1);
    expect(sm.calls()).toHaveLength(0);
    expect(host.outputs).toMatchObject({ 'exit-code': '2', 'error-code': 'InvalidIdentityToken' });
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('InvalidIdentityToken');
  });

  it('without an ID token or credentials inside GitHub Actions: exit 2 NoIdToken mentioning id-token: write', async () => {
    const host = makeHost({}, { idTokens: undefined });
    expect(await run(host)).toBe(2);
    expect(host.outputs['error-code']).toBe('NoIdToken');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('id-token: write');
    expect(allCalls(s3, sm, sts)).toBe(0);
  });

  it('with ambient credentials and no ID token: AssumeRole tagged with the GitHub context', async () => {
    setAmbientKeys();
    const host = makeHost({}, { idTokens: undefined });
    expect(await run(host)).toBe(0);
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.RoleSessionName).toBe('gh-octo-repo-987654321-2');
    expect(calls[0]!.args[0].input.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Repository', Value: 'octo-org/octo-repo' },
        { Key: 'RunId', Value: '987654321' },
      ]),
    );
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(0);
  });

  it('with role-skip-session-tagging: AssumeRole without tags', async () => {
    setAmbientKeys();
    const host = makeHost({ 'role-skip-session-tagging': 'true' }, { idTokens: undefined });
    expect(await run(host)).toBe(0);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.Tags).toBeUndefined();
  });

  it('without a role and without credentials: exit 2 NoCredentials', async () => {
    const host = makeHost({ 'role-to-assume': undefined });
    expect(await run(host)).toBe(2);
    expect(host.outputs['error-code']).toBe('NoCredentials');
    expect(host.idTokenCalls).toBe(0);
    expect(allCalls(s3, sm, sts)).toBe(0);
  });

  it('without a role, with environment credentials: the default chain, no STS', async () => {
    setAmbientKeys();
    const host = makeHost({ 'role-to-assume': undefined });
    expect(await run(host)).toBe(0);
    expect(sts.calls()).toHaveLength(0);
    expect(host.exported).toEqual({ PROD_DB: 'db-password-value' });
  });

  it('masks the STS credentials and the ID token, which never appear anywhere', async () => {
    const host = makeHost({}, { debug: true });
    expect(await run(host)).toBe(0);
    const secretsOfAuth = [
      idTokenFor(1),
      stsCredentials(1).AccessKeyId,
      stsCredentials(1).SecretAccessKey,
      stsCredentials(1).SessionToken,
    ];
    for (const value of secretsOfAuth) {
      expect(host.masks).toContain(value);
      expect(host.firstVisibleIndex(value)).toBe(-1);
    }
  });
});

describe('allowed-account-ids', () => {
  it('stops with exit 4 AccountNotAllowed before any other call when the account differs', async () => {
    sts.on(GetCallerIdentityCommand).resolves({
      Account: '999999999999',
      Arn: 'arn:aws:sts::999999999999:assumed-role/other/s',
      UserId: 'x',
    });
    const host = makeHost({ 'allowed-account-ids': '123456789012,210987654321' });
    expect(await run(host)).toBe(4);
    expect(host.outputs).toMatchObject({
      'exit-code': '4',
      'error-code': 'AccountNotAllowed',
      'caller-arn': 'arn:aws:sts::999999999999:assumed-role/other/s',
    });
    expect(host.errors[0]).toContain('999999999999');
    expect(sm.calls()).toHaveLength(0);
    expect(host.exported).toEqual({});
  });

  it('proceeds when the account is allowed, and sets caller-arn', async () => {
    const host = makeHost({ 'allowed-account-ids': '210987654321, 123456789012' });
    expect(await run(host)).toBe(0);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    expect(host.outputs['caller-arn']).toContain('123456789012');
    expect(host.exported).toEqual({ PROD_DB: 'db-password-value' });
  });

  it('does not call GetCallerIdentity when the input is not set', async () => {
    const host = makeHost();
    expect(await run(host)).toBe(0);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
    expect(host.outputs['caller-arn']).toBeUndefined();
  });
});

describe('reporting', () => {
  it('sets exit-code 0, an empty error-code and dry-run on success, and writes the summary', async () => {
    const host = makeHost();
    expect(await run(host)).toBe(0);
    expect(host.outputs).toMatchObject({ 'exit-code': '0', 'error-code': '', 'dry-run': 'false' });
    expect(host.errors).toEqual([]);
    expect(host.summary).toMatch(/^### ✅ fetch-secret: Read 1 secret; /);
    expect(host.summary).toContain(ROLE);
  });

  it('writes no summary with job-summary: false', async () => {
    const host = makeHost({ 'job-summary': 'false' });
    expect(await run(host)).toBe(0);
    expect(host.events.some((e) => e.type === 'summary')).toBe(false);
  });

  it('writes only JSON lines with log-format json, each naming the operation', async () => {
    const host = makeHost({ 'log-format': 'json' });
    expect(await run(host)).toBe(0);
    expect(host.lines.length).toBeGreaterThan(0);
    for (const line of host.lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(record).toMatchObject({ operation: 'fetch-secret' });
      expect(typeof record.time).toBe('string');
      expect(typeof record.event).toBe('string');
      expect(typeof record.message).toBe('string');
      expect(['debug', 'info', 'warning', 'error']).toContain(record.level);
    }
  });

  it('writes JSON lines for a failure too', async () => {
    const host = makeHost({ 'log-format': 'json', 'parse-json': 'yes' });
    expect(await run(host)).toBe(1);
    const records = host.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.some((r) => r.level === 'error' && r.event === 'failed')).toBe(true);
  });

  it('shows debug events only in debug mode', async () => {
    const quiet = makeHost();
    await run(quiet);
    expect(quiet.lines.some((l) => l.startsWith('[debug]'))).toBe(false);
    const loud = makeHost({}, { debug: true });
    await run(loud);
    expect(loud.lines.some((l) => l.startsWith('[debug]'))).toBe(true);
  });
});

describe('cancellation', () => {
  it('exits 130 without requests when cancelled before authentication', async () => {
    const controller = new AbortController();
    controller.abort();
    const host = makeHost();
    expect(await run(host, controller.signal)).toBe(130);
    expect(host.outputs['error-code']).toBe('Cancelled');
    expect(allCalls(s3, sm, sts)).toBe(0);
  });

  it('still reports a bad input as exit 1 when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const host = makeHost({ 'parse-json': 'yes' });
    expect(await run(host, controller.signal)).toBe(1);
  });
});

describe('the fake Secrets Manager is the one the action talks to', () => {
  it('sends the read to the mocked client', async () => {
    const host = makeHost();
    expect(await run(host)).toBe(0);
    expect(sm.calls().length).toBeGreaterThan(0);
    expect(secrets.secrets.has('prod/db')).toBe(true);
  });
});
