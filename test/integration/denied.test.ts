/**
 * Denied permissions end to end: the built bundle (dist/index.js) runs as the runner runs it against
 * a moto_server of its own that enforces IAM policies (see iam-support.ts), as roles whose policies
 * lack exactly one permission each. Every case has a control: the same operation as a role with the
 * whole least-privilege policy succeeds, so the one missing permission is what makes the difference.
 *
 * Where moto departs from AWS, the policies and the src follow AWS's documentation, and the test says
 * where:
 * - moto authorizes Secrets Manager calls against the resource `*`, never the secret's ARN, so the
 *   secrets statements name `*` (the README's policy scopes GetSecretValue to the secrets' ARNs).
 * - moto authorizes HeadBucket as `s3:HeadBucket` (AWS: `s3:ListBucket`), and DeleteObjects against
 *   the bucket's ARN (AWS: `s3:DeleteObject` on each key), so those policies name both. It also
 *   authorizes the encryption, ownership and public-access-block calls as `s3:CreateBucket` (writes)
 *   and `s3:ListBucket` (reads), so a missing `s3:PutEncryptionConfiguration` cannot be shown here.
 * - moto recomputes signatures over a query string it has decoded: a listing whose `prefix` holds a
 *   `/` (sent as `%2F`) fails as SignatureDoesNotMatch under enforcement, so the prune prefixes here
 *   have none.
 * - moto answers a denied Secrets Manager call with an XML `AccessDenied` body where AWS sends JSON
 *   `AccessDeniedException`; the SDK cannot parse it and only the HTTP 403 is left, which src
 *   classifies as access denied like any 403 without a readable error code.
 * - AWS refuses a BatchGetSecretValue entry whose secret lacks `GetSecretValue` inside the batch
 *   reply (per-secret `AccessDeniedException`); moto checks only the batch permission, so the
 *   GetSecretValue case reads a `version-stage` that never goes through the batch call.
 * - moto evaluates no trust policy for AssumeRoleWithWebIdentity: iam-support.ts does, as STS
 *   documents it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  GetBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACCOUNT, REGION } from './fixtures.js';
import {
  errorAnnotations,
  expectExit,
  runBundle,
  startCountingProxy,
  startTokenServer,
  unescapeCommandData,
  type CountingProxy,
  type RunResult,
  type RunSpec,
  type TokenServer,
} from './harness.js';
import {
  policy,
  startEnforcingMoto,
  startWebIdentityTrust,
  type EnforcingMoto,
  type Keys,
  type PolicyDocument,
  type PolicyStatement,
  type TrustFront,
} from './iam-support.js';
import { expectedMasks, findLeaks, maskOrderProblems, type Transcript } from './leak.js';
import { s3Operation, uniqueBucket } from './s3-support.js';
import { objectOperation } from './upload-support.js';

const DATA = uniqueBucket('denied');
const KEPT = uniqueBucket('denied-kept');
const MADE = uniqueBucket('denied-made');
const SECRET = { name: 'denied/app', previous: 'denied-previous-Xq72Lm', current: 'denied-current-Vb38Nz' };

const s3Arn = (bucket: string, path?: string): string => `arn:aws:s3:::${bucket}${path ? `/${path}` : ''}`;
const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The least-privilege policy of each operation, as the README gives it (plus moto's names, see above). */
const FULL: Record<string, PolicyDocument> = {
  'upload-artifact': policy({
    Effect: 'Allow',
    Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
    Resource: s3Arn(DATA, 'uploads/*'),
  }),
  prune: policy(
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:GetBucketVersioning'],
      Resource: s3Arn(DATA),
    },
    {
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:AbortMultipartUpload'],
      Resource: [s3Arn(DATA, 'prune-*'), s3Arn(DATA)],
    },
  ),
  'ensure-bucket': policy({
    Effect: 'Allow',
    Action: [
      's3:ListBucket',
      's3:HeadBucket',
      's3:CreateBucket',
      's3:GetBucketVersioning',
      's3:PutBucketVersioning',
      's3:GetEncryptionConfiguration',
      's3:PutEncryptionConfiguration',
      's3:GetBucketPublicAccessBlock',
      's3:PutBucketPublicAccessBlock',
      's3:GetBucketOwnershipControls',
      's3:PutBucketOwnershipControls',
      's3:GetBucketTagging',
      's3:PutBucketTagging',
      's3:GetLifecycleConfiguration',
      's3:PutLifecycleConfiguration',
    ],
    Resource: [s3Arn(KEPT), s3Arn(MADE)],
  }),
  'fetch-secret': policy({
    Effect: 'Allow',
    Action: [
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:BatchGetSecretValue',
      'secretsmanager:ListSecrets',
    ],
    Resource: '*',
  }),
};

/** The same policy with one permission taken out. */
function without(doc: PolicyDocument, permission: string): PolicyDocument {
  const statements = doc.Statement.map((s) => ({
    ...s,
    Action: [s.Action].flat().filter((a) => a !== permission),
  })).filter((s) => s.Action.length > 0);
  if (JSON.stringify(statements) === JSON.stringify(doc.Statement))
    throw new Error(`${permission} is not in the policy`);
  return policy(...statements);
}

const GITHUB = 'token.actions.githubusercontent.com';
/** The README's trust policy for GitHub OIDC, for this repository (the token server's `sub`). */
const TRUST_GITHUB: PolicyStatement = {
  Effect: 'Allow',
  Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: {
    StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
    StringLike: { [`${GITHUB}:sub`]: 'repo:octo-org/aws-task-pack:*' },
  },
};
/** Role chaining from the CI user's static keys (a self-hosted runner's identity). */
const TRUST_CI_USER: PolicyStatement = {
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ci-user` },
  Action: ['sts:AssumeRole', 'sts:TagSession'],
};

const ROLES = [
  ...Object.entries(FULL).map(([op, doc]) => ({ name: `ci-full-${op}`, policy: doc })),
  { name: 'ci-no-put-object', policy: without(FULL['upload-artifact']!, 's3:PutObject') },
  { name: 'ci-no-delete-object', policy: without(FULL.prune!, 's3:DeleteObject') },
  { name: 'ci-no-put-versioning', policy: without(FULL['ensure-bucket']!, 's3:PutBucketVersioning') },
  { name: 'ci-no-get-secret', policy: without(FULL['fetch-secret']!, 'secretsmanager:GetSecretValue') },
  {
    name: 'ci-no-batch-secret',
    policy: without(FULL['fetch-secret']!, 'secretsmanager:BatchGetSecretValue'),
  },
].map((r) => ({ ...r, trust: policy(TRUST_GITHUB, TRUST_CI_USER) }));
/** Everything it needs, but its trust policy lacks `sts:AssumeRoleWithWebIdentity`. */
ROLES.push({ name: 'ci-no-web-identity', policy: FULL['fetch-secret']!, trust: policy(TRUST_CI_USER) });

const USERS = [
  { name: 'admin', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) },
  {
    name: 'ci-user',
    policy: policy({
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: `arn:aws:iam::${ACCOUNT}:role/ci-*`,
    }),
  },
];

let env: EnforcingMoto;
let trust: TrustFront;
let proxy: CountingProxy;
let tokens: TokenServer;
let admin: Keys;
let s3: S3Client;
let secrets: SecretsManagerClient;
let files: string;
const transcripts: Transcript[] = [];
const workDirs: string[] = [];

beforeAll(async () => {
  env = await startEnforcingMoto(USERS, ROLES);
  admin = env.keys.admin!;
  trust = await startWebIdentityTrust({
    target: env.moto.endpoint,
    account: ACCOUNT,
    region: REGION,
    signer: admin,
    trusts: Object.fromEntries(ROLES.map((r) => [roleArn(r.name), r.trust])),
  });
  [proxy, tokens] = await Promise.all([startCountingProxy(trust.endpoint), startTokenServer()]);

  // Seeded as the admin, with signed requests: moto enforces already.
  const common = { region: REGION, endpoint: env.moto.endpoint, credentials: admin, maxAttempts: 2 };
  s3 = new S3Client({
    ...common,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  secrets = new SecretsManagerClient(common);
  for (const Bucket of [DATA, KEPT]) await s3.send(new CreateBucketCommand({ Bucket }));
  for (const key of ['prune-denied-a', 'prune-denied-b', 'prune-denied-c', 'prune-ok-a', 'prune-ok-b'])
    await s3.send(new PutObjectCommand({ Bucket: DATA, Key: key, Body: `old ${key}` }));
  await secrets.send(new CreateSecretCommand({ Name: SECRET.name, SecretString: SECRET.previous }));
  await secrets.send(new PutSecretValueCommand({ SecretId: SECRET.name, SecretString: SECRET.current }));

  files = await mkdtemp(join(tmpdir(), 'atp-denied-'));
  await writeFile(join(files, 'app.js'), 'console.log("denied test")\n');
  await writeFile(join(files, 'index.html'), '<h1>denied test</h1>\n');
}, 90_000);

afterAll(async () => {
  s3?.destroy();
  secrets?.destroy();
  await Promise.allSettled([proxy?.close(), tokens?.close(), trust?.close()]);
  await env?.moto.stop();
  await Promise.all([files, ...workDirs].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * Runs the bundle as `role`: by default with the runner's OIDC token (web identity); with `chained`,
 * from the CI user's static keys (AssumeRole).
 */
async function runAs(
  label: string,
  role: string,
  inputs: Record<string, string>,
  options: { chained?: boolean; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const spec: RunSpec = {
    idToken: !options.chained,
    inputs: {
      'aws-region': REGION,
      'endpoint-url': proxy.endpoint,
      'force-path-style': 'true',
      'role-to-assume': roleArn(role),
      ...inputs,
    },
    env: {
      ...(options.chained
        ? {
            AWS_ACCESS_KEY_ID: env.keys['ci-user']!.accessKeyId,
            AWS_SECRET_ACCESS_KEY: env.keys['ci-user']!.secretAccessKey,
          }
        : {}),
      ...options.env,
    },
  };
  const result = await runBundle(spec, { tokens, proxy });
  workDirs.push(result.workDir);
  transcripts.push({ label, spec, result });
  return result;
}

const annotation = (r: RunResult): string => {
  const errors = errorAnnotations(r);
  expect(errors).toHaveLength(1);
  return errors[0]!;
};
const warnings = (r: RunResult): string[] =>
  r.stdoutLines
    .filter((l) => l.startsWith('::warning'))
    .map((l) => unescapeCommandData(l.slice(l.indexOf('::', 2) + 2)));
/** What the action asked for, in order, with moto's answer: `PutObject 403`. */
const calls = (r: RunResult, name: (q: RunResult['requests'][number]) => string): string[] =>
  r.requests.map((q) => `${name(q)} ${q.status}`);
const s3Name = (q: RunResult['requests'][number]): string =>
  q.path.split('?')[0]!.split('/').filter(Boolean).length > 1
    ? objectOperation(q.method, q.path)
    : s3Operation(q);
const listKeys = async (prefix: string): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: DATA, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key!,
  );

describe('moto enforces IAM from the first request after the setup', () => {
  test('the setup spent exactly the unauthenticated requests, and an unsigned request is refused', async () => {
    expect(env.setupCalls).toBe(USERS.length * 3 + ROLES.length * 2);
    const anonymous = new S3Client({
      region: REGION,
      endpoint: env.moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'nobody' },
      maxAttempts: 1,
    });
    await expect(anonymous.send(new ListObjectsV2Command({ Bucket: DATA }))).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
    anonymous.destroy();
  });
});

describe('upload-artifact without s3:PutObject', () => {
  const inputs = { operation: 'upload-artifact', bucket: DATA, 'key-prefix': 'uploads/' };

  test('control: the full policy uploads (web identity)', async () => {
    const r = await runAs('upload-full', 'ci-full-upload-artifact', { ...inputs, path: files });
    expectExit(r, 0);
    expect(r.outputs['uploaded-count']).toBe('2');
  });

  test('exit 4 naming PutObject, the key and the permission; chained from static keys (AssumeRole)', async () => {
    const r = await runAs('upload-denied', 'ci-no-put-object', { ...inputs, path: files }, { chained: true });
    expectExit(r, 4);
    expect(r.requests[0]!.operation).toBe('AssumeRole');
    expect(r.requests[0]!.accessKeyId).toBe(env.keys['ci-user']!.accessKeyId);
    const error = annotation(r);
    expect(error).toMatch(/s3:\/\/atp-denied-[0-9a-f]+\/uploads\/(app\.js|index\.html)/);
    expect(error).toContain('AccessDenied');
    expect(error).toContain('`s3:PutObject`');
    expect(error).toContain(`arn:aws:s3:::${DATA}/uploads/*`);
    expect(r.outputs).toMatchObject({ 'exit-code': '4', 'error-code': 'AccessDenied' });
    // Denied, not retried: one PutObject per file in flight (both files start at once), nothing else.
    expect([...new Set(calls(r, s3Name).slice(1))]).toEqual(['PutObject 403']);
    expect(r.requests.length).toBeLessThanOrEqual(3);
  });
});

describe('prune without s3:DeleteObject', () => {
  const inputs = { operation: 'prune', bucket: DATA, 'keep-latest': '1', 'dry-run': 'false' };

  test('control: the full policy deletes all but the newest', async () => {
    const r = await runAs('prune-full', 'ci-full-prune', { ...inputs, prefix: 'prune-ok-' });
    expectExit(r, 0);
    expect(r.outputs['deleted-count']).toBe('1');
    expect(await listKeys('prune-ok-')).toHaveLength(1);
  });

  test('every key refused inside the DeleteObjects reply: exit 4 (not a partial failure), nothing deleted', async () => {
    const r = await runAs('prune-denied', 'ci-no-delete-object', { ...inputs, prefix: 'prune-denied-' });
    expectExit(r, 4);
    const error = annotation(r);
    expect(error).toContain('DeleteObjects');
    expect(error).toContain(`s3://${DATA}/prune-denied-`);
    expect(error).toContain('`s3:DeleteObject`');
    expect(r.outputs).toMatchObject({ 'exit-code': '4', 'error-code': 'AccessDenied', 'deleted-count': '0' });
    // S3 answers 200 with a per-key AccessDenied for each key (AWS does so too).
    const del = r.requests.find((q) => q.method === 'POST' && q.path.includes('delete'))!;
    expect(del.status).toBe(200);
    expect(del.responseBody).toContain('<Code>AccessDenied</Code>');
    expect(await listKeys('prune-denied-')).toHaveLength(3);
  });
});

describe('ensure-bucket without s3:PutBucketVersioning', () => {
  const inputs = { operation: 'ensure-bucket', versioning: 'enabled' };

  test('control: the full policy creates and converges a new bucket', async () => {
    const r = await runAs('ensure-full', 'ci-full-ensure-bucket', { ...inputs, bucket: MADE });
    expectExit(r, 0);
    expect(r.outputs.created).toBe('true');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: MADE }))).Status).toBe('Enabled');
  });

  test('exit 4 naming PutBucketVersioning, the bucket and the permission; nothing else changed', async () => {
    const r = await runAs('ensure-denied', 'ci-no-put-versioning', {
      ...inputs,
      bucket: KEPT,
      encryption: 'unchanged',
      'block-public-access': 'unchanged',
      'object-ownership': 'unchanged',
      'abort-incomplete-multipart-days': '0',
    });
    expectExit(r, 4);
    const error = annotation(r);
    expect(error).toContain('PutBucketVersioning');
    expect(error).toContain(KEPT);
    expect(error).toContain(`\`s3:PutBucketVersioning\` on \`arn:aws:s3:::${KEPT}\``);
    expect(error).toContain('Nothing was changed before it.');
    expect(r.outputs).toMatchObject({ 'exit-code': '4', 'error-code': 'AccessDenied' });
    expect(calls(r, s3Name).filter((c) => c.startsWith('Put'))).toEqual(['PutBucketVersioning 403']);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: KEPT }))).Status).toBeUndefined();
  });
});

describe('fetch-secret without secretsmanager:GetSecretValue or BatchGetSecretValue', () => {
  const previous = {
    operation: 'fetch-secret',
    'secret-ids': `APP,${SECRET.name}`,
    'version-stage': 'AWSPREVIOUS',
  };

  test('control: the full policy reads a previous version (GetSecretValue) and the current one (batch)', async () => {
    const r1 = await runAs('secret-full-previous', 'ci-full-fetch-secret', previous);
    expectExit(r1, 0);
    expect(r1.outputs.APP).toBe(SECRET.previous);
    const r2 = await runAs('secret-full-batch', 'ci-full-fetch-secret', {
      operation: 'fetch-secret',
      'secret-ids': `APP,${SECRET.name}`,
    });
    expectExit(r2, 0);
    expect(r2.requests.map((q) => q.operation)).toEqual(['AssumeRoleWithWebIdentity', 'BatchGetSecretValue']);
  });

  test('exit 4 naming the secret and secretsmanager:GetSecretValue; nothing exported', async () => {
    const r = await runAs('secret-denied', 'ci-no-get-secret', previous);
    expectExit(r, 4);
    const error = annotation(r);
    expect(error).toContain(SECRET.name);
    expect(error).toContain('`secretsmanager:GetSecretValue`');
    expect(error).toContain('Nothing was exported.');
    expect(r.outputs['exit-code']).toBe('4');
    expect(r.outputs.APP).toBeUndefined();
    expect(r.envEntries).toEqual([]);
    expect(calls(r, (q) => q.operation)).toEqual(['AssumeRoleWithWebIdentity 200', 'GetSecretValue 403']);
  });

  test('without the batch permission the step falls back to GetSecretValue: exit 0 and a warning', async () => {
    const r = await runAs('secret-no-batch', 'ci-no-batch-secret', {
      operation: 'fetch-secret',
      'secret-ids': `APP,${SECRET.name}`,
    });
    expectExit(r, 0);
    expect(r.outputs.APP).toBe(SECRET.current);
    expect(calls(r, (q) => q.operation)).toEqual([
      'AssumeRoleWithWebIdentity 200',
      'BatchGetSecretValue 403',
      'GetSecretValue 200',
    ]);
    expect(warnings(r)).toEqual([
      expect.stringContaining(
        'BatchGetSecretValue was denied; falling back to one GetSecretValue per secret (grant secretsmanager:BatchGetSecretValue',
      ),
    ]);
  });
});

describe('a role that does not trust web identity (no sts:AssumeRoleWithWebIdentity)', () => {
  test('exit 2 naming AssumeRoleWithWebIdentity, the role and the trust policy; one attempt, nothing else', async () => {
    const r = await runAs('sts-denied', 'ci-no-web-identity', {
      operation: 'fetch-secret',
      'secret-ids': SECRET.name,
    });
    expectExit(r, 2);
    const error = annotation(r);
    expect(error).toContain(`AssumeRoleWithWebIdentity ${roleArn('ci-no-web-identity')}`);
    expect(error).toContain(
      'AccessDenied (HTTP 403): Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    expect(error).toContain('`sts:AssumeRoleWithWebIdentity`');
    expect(r.outputs).toMatchObject({ 'exit-code': '2', 'error-code': 'AccessDenied' });
    // Not retried: a refusal is not worth another token.
    expect(r.tokenRequests).toHaveLength(1);
    expect(calls(r, (q) => q.operation)).toEqual(['AssumeRoleWithWebIdentity 403']);
    expect(trust.refused).toEqual([{ roleArn: roleArn('ci-no-web-identity'), status: 403 }]);
  });
});

test('no run printed a credential, token or secret outside its ::add-mask:: line', () => {
  expect(transcripts.length).toBeGreaterThanOrEqual(10);
  const values = [
    SECRET.previous,
    SECRET.current,
    admin.secretAccessKey,
    env.keys['ci-user']!.secretAccessKey,
    tokens.requestToken,
    ...transcripts.flatMap((t) => expectedMasks(t)),
  ];
  expect(transcripts.flatMap((t) => findLeaks(t, values))).toEqual([]);
  expect(transcripts.flatMap((t) => maskOrderProblems(t))).toEqual([]);
});
