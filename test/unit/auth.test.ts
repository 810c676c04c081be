import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { authenticate, type AuthDeps } from '../../src/auth/credentials.js';
import { githubContext } from '../../src/host/github-context.js';
import { IdTokenRequestError } from '../../src/host/host.js';
import { githubSessionTags } from '../../src/auth/session-tags.js';
import { ClientFactory } from '../../src/aws/client-factory.js';
import { TaskError } from '../../src/errors.js';
import type { AuthSettings } from '../../src/inputs/common.js';
import { Logger } from '../../src/logging/logger.js';
import { Redactor } from '../../src/logging/redactor.js';
import { FakeHost, githubEnv, idTokenFor, type FakeHostOptions } from './fake-host.js';
import {
  isolateAwsEnv,
  sdkSocketError,
  setAmbientKeys,
  stsBareStatus,
  stsCredentials,
  stsError,
} from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/ci-deploy';
const SESSION_ARN = 'arn:aws:sts::123456789012:assumed-role/ci-deploy/gh-octo-repo-1-1';

const sts = mockClient(STSClient);
let restoreEnv: () => void;
let tmp: string;
let factories: ClientFactory[] = [];

// Errors built by the SDK's deserializers (see helpers.ts).
let idpCommunicationError: Error;
let invalidIdentityToken: Error;
let accessDenied: Error;
let bare403: Error;
let connectionRefused: Error;

beforeAll(async () => {
  idpCommunicationError = await stsError('IDPCommunicationError');
  invalidIdentityToken = await stsError('InvalidIdentityToken');
  accessDenied = await stsError('AccessDenied', 403);
  bare403 = await stsBareStatus(403);
  connectionRefused = await sdkSocketError('ECONNREFUSED');
});

beforeEach(() => {
  sts.reset();
  restoreEnv = isolateAwsEnv();
  tmp = mkdtempSync(join(tmpdir(), 'atp-auth-'));
});

afterEach(() => {
  for (const f of factories) f.destroy();
  factories = [];
  restoreEnv();
  rmSync(tmp, { recursive: true, force: true });
});

afterAll(() => sts.restore());

function settings(over: Partial<AuthSettings> = {}): AuthSettings {
  return {
    roleToAssume: ROLE,
    audience: 'sts.amazonaws.com',
    roleSessionName: 'gh-octo-repo-1-1',
    roleDurationSeconds: 3600,
    skipSessionTagging: false,
    allowedAccountIds: [],
    ...over,
  };
}

function setup(hostOptions: FakeHostOptions = {}, over: Partial<AuthDeps> = {}) {
  const host = new FakeHost({ env: githubEnv(), ...hostOptions });
  const redactor = new Redactor();
  const clients = new ClientFactory({
    region: 'eu-west-1',
    forcePathStyle: false,
    maxAttempts: 3,
    connectTimeoutMs: 1000,
    readTimeoutMs: 1000,
    userAgent: [],
  });
  factories.push(clients);
  const deps: AuthDeps = {
    host,
    logger: new Logger(host, redactor),
    clients,
    registerSecret: (value) => {
      if (redactor.add(value)) host.maskValue(value);
    },
    maxAttempts: 5,
    attemptTimeoutMs: 2000,
    backoff: { sleep: async () => {}, random: () => 0 },
    ...over,
  };
  return { host, deps };
}

async function failure(promise: Promise<unknown>): Promise<TaskError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(TaskError);
    return err as TaskError;
  }
  throw new Error('expected authenticate to fail');
}

const webIdentityCalls = () => sts.commandCalls(AssumeRoleWithWebIdentityCommand);
const tokensSent = () => webIdentityCalls().map((c) => c.args[0].input.WebIdentityToken);

describe('role + GitHub OIDC: AssumeRoleWithWebIdentity', () => {
  it('assumes the role with a token for the audience and masks the token and the credentials', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves({
      Credentials: stsCredentials(1),
      AssumedRoleUser: { Arn: SESSION_ARN, AssumedRoleId: 'AROA:x' },
    });
    const { host, deps } = setup({ idTokens: [idTokenFor(1)] });
    const result = await authenticate(settings({ audience: 'my-audience' }), deps);

    expect(result.method).toBe('web-identity');
    expect(result.assumedRoleArn).toBe(SESSION_ARN);
    expect(host.events.find((e) => e.type === 'id-token')).toMatchObject({ audience: 'my-audience' });
    expect(webIdentityCalls()).toHaveLength(1);
    expect(webIdentityCalls()[0]!.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'gh-octo-repo-1-1',
      WebIdentityToken: idTokenFor(1),
      DurationSeconds: 3600,
    });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);

    const creds = await result.provider();
    expect(creds.accessKeyId).toBe(stsCredentials(1).AccessKeyId);
    expect(host.masks).toEqual(
      expect.arrayContaining([
        idTokenFor(1),
        stsCredentials(1).AccessKeyId,
        stsCredentials(1).SecretAccessKey,
        stsCredentials(1).SessionToken,
      ]),
    );
    for (const line of [...host.lines, ...host.annotations()]) {
      expect(line).not.toContain(idTokenFor(1));
      expect(line).not.toContain(stsCredentials(1).SecretAccessKey);
    }
  });

  it('masks the token before sending it to STS', async () => {
    const { host, deps } = setup({ idTokens: [idTokenFor(1)] });
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(() => {
      expect(host.masks).toContain(idTokenFor(1));
      return { Credentials: stsCredentials(1) };
    });
    await authenticate(settings(), deps);
    expect(webIdentityCalls()).toHaveLength(1);
  });

  it('requests a fresh ID token for every attempt when STS fails retryably', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(idpCommunicationError)
      .rejectsOnce(idpCommunicationError)
      .resolves({ Credentials: stsCredentials(1) });
    const { host, deps } = setup({ idTokens: [(n) => idTokenFor(n)] });
    const result = await authenticate(settings(), deps);

    expect(result.method).toBe('web-identity');
    expect(host.idTokenCalls).toBe(3);
    expect(webIdentityCalls()).toHaveLength(3);
    expect(tokensSent()).toEqual([idTokenFor(1), idTokenFor(2), idTokenFor(3)]);
    for (let n = 1; n <= 3; n++) expect(host.masks).toContain(idTokenFor(n));
  });

  it('retries on throttling and connection failures too, within max attempts', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(await stsError('Throttling'))
      .rejectsOnce(connectionRefused)
      .resolves({ Credentials: stsCredentials(1) });
    const { host, deps } = setup({ idTokens: [(n) => idTokenFor(n)] });
    await authenticate(settings(), deps);
    expect(host.idTokenCalls).toBe(3);
    expect(webIdentityCalls()).toHaveLength(3);
  });

  it('gives up after max attempts on a network failure with exit code 3', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(connectionRefused);
    const { host, deps } = setup({ idTokens: [(n) => idTokenFor(n)] }, { maxAttempts: 4 });
    const err = await failure(authenticate(settings(), deps));
    expect(err.exitCode).toBe(3);
    expect(webIdentityCalls()).toHaveLength(4);
    expect(host.idTokenCalls).toBe(4);
  });

  it('fails at once on InvalidIdentityToken with exit 2 and error code InvalidIdentityToken', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(invalidIdentityToken);
    const { host, deps } = setup({ idTokens: [(n) => idTokenFor(n)] });
    const err = await failure(authenticate(settings(), deps));
    expect(err.exitCode).toBe(2);
    expect(err.kind).toBe('credentials');
    expect(err.errorCode).toBe('InvalidIdentityToken');
    expect(err.message).toContain(`AssumeRoleWithWebIdentity ${ROLE}`);
    expect(err.hint).toContain('trusts the OIDC provider');
    expect(webIdentityCalls()).toHaveLength(1);
    expect(host.idTokenCalls).toBe(1);
  });

  it('reports AccessDenied and a bare 403 from STS as credential failures (exit 2, AccessDenied)', async () => {
    for (const rejection of [accessDenied, bare403]) {
      sts.reset();
      sts.on(AssumeRoleWithWebIdentityCommand).rejects(rejection);
      const { deps } = setup({ idTokens: [(n) => idTokenFor(n)] });
      const err = await failure(authenticate(settings(), deps));
      expect(err.exitCode).toBe(2);
      expect(err.errorCode).toBe('AccessDenied');
      expect(webIdentityCalls()).toHaveLength(1);
    }
  });

  it('retries an ID token request that failed with HTTP 500', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: stsCredentials(1) });
    const { host, deps } = setup({
      idTokens: [new IdTokenRequestError('the token endpoint answered HTTP 500', 500), idTokenFor(2)],
    });
    await authenticate(settings(), deps);
    expect(host.idTokenCalls).toBe(2);
    expect(tokensSent()).toEqual([idTokenFor(2)]);
  });

  it('does not retry an ID token request refused with HTTP 403', async () => {
    const { host, deps } = setup({
      idTokens: [new IdTokenRequestError('the token endpoint answered HTTP 403', 403), idTokenFor(2)],
    });
    const err = await failure(authenticate(settings(), deps));
    expect(err.exitCode).toBe(2);
    expect(err.errorCode).toBe('IdTokenRequestFailed');
    expect(err.annotation).toContain('id-token: write');
    expect(host.idTokenCalls).toBe(1);
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('role + web-identity-token-file', () => {
  it('reads the token from the file instead of asking the host, and again on every refresh', async () => {
    const file = join(tmp, 'token');
    writeFileSync(file, 'file-token-one\n');
    let clock = Date.parse('2026-11-05T10:00:00Z');
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .callsFake(() => ({ Credentials: stsCredentials(1, new Date(clock + 3600_000)) }));
    const { host, deps } = setup({ idTokens: [idTokenFor(1)] }, { now: () => clock });
    const result = await authenticate(settings({ webIdentityTokenFile: file }), deps);

    expect(result.method).toBe('web-identity');
    expect(host.idTokenCalls).toBe(0);
    expect(tokensSent()).toEqual(['file-token-one']);
    expect(host.masks).toContain('file-token-one');

    writeFileSync(file, 'file-token-two');
    clock += 3600_000;
    await result.provider();
    expect(tokensSent()).toEqual(['file-token-one', 'file-token-two']);
  });

  it('fails with exit 2 when the file is empty or missing', async () => {
    const empty = join(tmp, 'empty');
    writeFileSync(empty, '  \n');
    for (const file of [empty, join(tmp, 'missing')]) {
      const { deps } = setup();
      const err = await failure(authenticate(settings({ webIdentityTokenFile: file }), deps));
      expect(err.exitCode).toBe(2);
      expect(err.errorCode).toBe('WebIdentityTokenUnreadable');
    }
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('credential refresh', () => {
  it('reuses credentials far from expiry and obtains new ones (with a new token) close to it', async () => {
    let clock = Date.parse('2026-11-05T10:00:00Z');
    let issued = 0;
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(() => {
      issued++;
      return { Credentials: stsCredentials(issued, new Date(clock + 3600_000)) };
    });
    const { host, deps } = setup({ idTokens: [(n) => idTokenFor(n)] }, { now: () => clock });
    const result = await authenticate(settings(), deps);
    expect(webIdentityCalls()).toHaveLength(1);

    clock += 30 * 60_000; // 30 minutes left: still fresh
    expect((await result.provider()).accessKeyId).toBe(stsCredentials(1).AccessKeyId);
    expect(webIdentityCalls()).toHaveLength(1);

    clock += 26 * 60_000; // 4 minutes left: inside the refresh margin
    expect((await result.provider()).accessKeyId).toBe(stsCredentials(2).AccessKeyId);
    expect(webIdentityCalls()).toHaveLength(2);
    expect(tokensSent()).toEqual([idTokenFor(1), idTokenFor(2)]);
    expect(host.masks).toContain(stsCredentials(2).SecretAccessKey);

    expect((await result.provider()).accessKeyId).toBe(stsCredentials(2).AccessKeyId);
    expect(webIdentityCalls()).toHaveLength(2);
  });

  it('refreshes credentials that have already expired', async () => {
    const clock = Date.parse('2026-11-05T10:00:00Z');
    let issued = 0;
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(() => {
      issued++;
      return { Credentials: stsCredentials(issued, new Date(clock - 1000)) };
    });
    const { deps } = setup({ idTokens: [(n) => idTokenFor(n)] }, { now: () => clock });
    const result = await authenticate(settings(), deps);
    await result.provider();
    await result.provider();
    expect(webIdentityCalls()).toHaveLength(3);
  });

  it('shares one refresh among concurrent callers', async () => {
    let clock = Date.parse('2026-11-05T10:00:00Z');
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .callsFake(() => ({ Credentials: stsCredentials(1, new Date(clock + 3600_000)) }));
    const { deps } = setup({ idTokens: [(n) => idTokenFor(n)] }, { now: () => clock });
    const result = await authenticate(settings(), deps);
    clock += 3600_000;
    await Promise.all([result.provider(), result.provider(), result.provider()]);
    expect(webIdentityCalls()).toHaveLength(2);
  });
});

describe('role without an ID token: AssumeRole from ambient credentials', () => {
  it('chains from environment credentials with session tags from the GitHub context', async () => {
    setAmbientKeys();
    sts.on(AssumeRoleCommand).resolves({
      Credentials: stsCredentials(1),
      AssumedRoleUser: { Arn: SESSION_ARN, AssumedRoleId: 'x' },
    });
    const { host, deps } = setup();
    const result = await authenticate(settings({ roleDurationSeconds: 1800 }), deps);

    expect(result.method).toBe('assume-role');
    expect(result.assumedRoleArn).toBe(SESSION_ARN);
    expect(host.idTokenCalls).toBe(0);
    expect(webIdentityCalls()).toHaveLength(0);
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      RoleArn: ROLE,
      RoleSessionName: 'gh-octo-repo-1-1',
      DurationSeconds: 1800,
    });
    expect(input.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'GitHub', Value: 'Actions' },
        { Key: 'Repository', Value: 'octo-org/octo-repo' },
        { Key: 'RunId', Value: '987654321' },
        { Key: 'Workflow', Value: 'deploy' },
        { Key: 'Actor', Value: 'octocat' },
        { Key: 'Commit', Value: githubEnv().GITHUB_SHA },
      ]),
    );
    expect(host.masks).toEqual(expect.arrayContaining([stsCredentials(1).SecretAccessKey]));
  });

  it('sends no tags with role-skip-session-tagging', async () => {
    setAmbientKeys();
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(1) });
    const { deps } = setup();
    await authenticate(settings({ skipSessionTagging: true }), deps);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.Tags).toBeUndefined();
  });

  it('fails with exit 2 AccessDenied, without retrying, when STS refuses', async () => {
    setAmbientKeys();
    sts.on(AssumeRoleCommand).rejects(accessDenied);
    const { deps } = setup();
    const err = await failure(authenticate(settings(), deps));
    expect(err.exitCode).toBe(2);
    expect(err.errorCode).toBe('AccessDenied');
    expect(err.hint).toContain('sts:TagSession');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('inside GitHub Actions without any credentials: NoIdToken, telling the user about id-token: write', async () => {
    const { host, deps } = setup({ env: githubEnv() });
    const err = await failure(authenticate(settings(), deps));
    expect(err.exitCode).toBe(2);
    expect(err.errorCode).toBe('NoIdToken');
    expect(err.annotation).toContain('`permissions: id-token: write`');
    expect(host.idTokenCalls).toBe(0);
    expect(sts.calls()).toHaveLength(0);
  });

  it('explains that forks get no ID token on a pull request from a fork', async () => {
    const event = join(tmp, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({ pull_request: { head: { repo: { fork: true, full_name: 'someone/octo-repo' } } } }),
    );
    const { deps } = setup({
      env: githubEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }),
    });
    const err = await failure(authenticate(settings(), deps));
    expect(err.errorCode).toBe('NoIdToken');
    expect(err.message).toContain('fork');
  });

  it('outside GitHub Actions without any credentials: NoCredentials', async () => {
    const { deps } = setup({ env: {} });
    const err = await failure(authenticate(settings(), deps));
    expect(err.exitCode).toBe(2);
    expect(err.errorCode).toBe('NoCredentials');
    expect(err.annotation).toContain('web-identity-token-file');
  });
});

describe('no role: the default chain', () => {
  it('uses environment credentials as they are, without calling STS', async () => {
    setAmbientKeys();
    const { deps } = setup();
    const result = await authenticate(settings({ roleToAssume: undefined }), deps);
    expect(result.method).toBe('default-chain');
    expect((await result.provider()).accessKeyId).toBe('AKIAAMBIENTAMBIENT01');
    expect(sts.calls()).toHaveLength(0);
  });

  it('fails with exit 2 NoCredentials when there are none', async () => {
    const { host, deps } = setup({ idTokens: [idTokenFor(1)] });
    const err = await failure(authenticate(settings({ roleToAssume: undefined }), deps));
    expect(err.exitCode).toBe(2);
    expect(err.errorCode).toBe('NoCredentials');
    expect(host.idTokenCalls).toBe(0);
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('githubSessionTags', () => {
  it('keeps only characters STS allows in tag values, and only the context that exists', () => {
    expect(
      githubSessionTags(githubContext({ GITHUB_REPOSITORY: 'o/r', GITHUB_WORKFLOW: 'Build & test (PR) #1' })),
    ).toEqual([
      { Key: 'Repository', Value: 'o/r' },
      { Key: 'Workflow', Value: 'Build _ test _PR_ _1' },
    ]);
  });

  it('cuts values to 256 characters', () => {
    const [tag] = githubSessionTags(githubContext({ GITHUB_WORKFLOW: 'w'.repeat(300) }));
    expect(tag!.Value).toHaveLength(256);
  });
});

describe('GetCallerIdentity is not part of authentication', () => {
  it('authenticate never calls it', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: stsCredentials(1) });
    const { deps } = setup({ idTokens: [idTokenFor(1)] });
    await authenticate(settings(), deps);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});
