/**
 * Bad input costs nothing: a table of malformed inputs across the four operations, each run through
 * the built bundle (dist/index.js) as the runner runs it. Every one must exit 1, name the offending
 * input in its one `::error::` line, and make no HTTP request at all: counted at the endpoint
 * (`endpoint-url` and `AWS_ENDPOINT_URL` point at a counter that answers 503), at the ID token
 * endpoint, and at a catch-all `HTTP_PROXY`/`HTTPS_PROXY` for anything else. The base inputs of every
 * run are valid and name a role, so an input accepted by mistake shows as a token request and an
 * STS call (the first test proves the counters see those).
 *
 * Each case gets its own counters, so the runs go four at a time.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { OperationName } from '../../src/inputs/spec.js';
import { mapLimit } from '../../src/util/concurrency.js';
import { REGION, ROLE_ARN } from './fixtures.js';
import {
  errorAnnotations,
  runBundle,
  startCountingProxy,
  startTokenServer,
  type RunResult,
} from './harness.js';

interface Case {
  operation: OperationName;
  /** The input the `::error::` line must name. */
  input: string;
  /** Overrides of the operation's valid inputs; `undefined` leaves one out. */
  inputs: Record<string, string | undefined>;
  what: string;
}

interface Outcome {
  result: RunResult;
  /** Requests anywhere: the endpoint, the token endpoint, the catch-all proxy. */
  requests: string[];
}

/** Valid inputs of each operation: with them alone, the step would authenticate and call AWS. */
const VALID: Record<OperationName, Record<string, string>> = {
  'ensure-bucket': { bucket: 'atp-bad-input' },
  prune: { bucket: 'atp-bad-input', prefix: 'builds/', 'older-than': '30d' },
  'upload-artifact': { bucket: 'atp-bad-input', path: 'dist' },
  'fetch-secret': { 'secret-ids': 'app/db' },
};

const LONG = (n: number, c = 'x'): string => c.repeat(n);
const lines = (n: number, make: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => make(i)).join('\n');

const bad = (
  operation: OperationName,
  input: string,
  value: string | undefined,
  what: string,
  also: Record<string, string | undefined> = {},
): Case => ({ operation, input, inputs: { [input]: value, ...also }, what });

const CASES: Case[] = [
  // --- common inputs (spread over the operations)
  bad('fetch-secret', 'operation', 'deploy', 'unknown operation'),
  bad('ensure-bucket', 'operation', '', 'empty operation'),
  bad('fetch-secret', 'aws-region', 'EU_WEST_1', 'region with capitals and underscores'),
  bad('upload-artifact', 'aws-region', 'us-east-1;reboot', 'region with a shell metacharacter'),
  bad('ensure-bucket', 'aws-region', 'us-east-\uff11', 'region with a full-width digit'),
  bad('fetch-secret', 'aws-region', undefined, 'no region anywhere'),
  bad('fetch-secret', 'endpoint-url', 'ftp://127.0.0.1:9/', 'endpoint that is not http(s)'),
  bad('ensure-bucket', 'endpoint-url', 'http://ci:hunter2-pw@127.0.0.1:9', 'endpoint with credentials'),
  bad('prune', 'endpoint-url', 'http://127.0.0.1:99999', 'endpoint with an impossible port'),
  bad('upload-artifact', 'endpoint-url', 'not a url', 'endpoint that is no URL'),
  bad('fetch-secret', 'role-to-assume', 'arn:aws:iam::123456789012:user/ci', 'user ARN as role'),
  bad('prune', 'role-to-assume', 'ci-deploy', 'role name instead of ARN'),
  bad('ensure-bucket', 'role-to-assume', 'arn:aws:iam::123456789012:role/', 'role ARN without a name'),
  bad(
    'upload-artifact',
    'role-to-assume',
    'arn:aws:iam::123456789012:role/ci deploy',
    'role ARN with a space',
  ),
  bad('fetch-secret', 'role-session-name', 'a', 'session name too short'),
  bad('prune', 'role-session-name', 'my session', 'session name with a space'),
  bad('upload-artifact', 'role-session-name', 'ci\u200bsession', 'session name with a zero-width space'),
  bad('fetch-secret', 'role-duration-seconds', '899', 'duration under 900'),
  bad('prune', 'role-duration-seconds', '43201', 'duration over 43200'),
  bad('ensure-bucket', 'role-duration-seconds', '1h', 'duration with a unit'),
  bad('fetch-secret', 'allowed-account-ids', '12345', 'short account id'),
  bad('prune', 'allowed-account-ids', '123456789012,abc', 'account list with a non-number'),
  bad('ensure-bucket', 'audience', 'sts.amazonaws.com other', 'audience with whitespace'),
  bad('fetch-secret', 'web-identity-token-file', '/var/run/token', 'token file without a role', {
    'role-to-assume': undefined,
  }),
  bad('upload-artifact', 'log-format', 'xml', 'unknown log format'),
  bad('fetch-secret', 'max-attempts', '0', 'no attempts'),
  bad('ensure-bucket', 'max-attempts', '\uff11\uff10', 'attempts in full-width digits'),
  bad('upload-artifact', 'connect-timeout-ms', '99', 'connect timeout under 100 ms'),
  bad('fetch-secret', 'read-timeout-ms', '3600001', 'read timeout over an hour'),
  bad('prune', 'dry-run', 'yes', 'boolean as yes'),
  bad('ensure-bucket', 'force-path-style', '1', 'boolean as 1'),
  bad('fetch-secret', 'pr-comment', 'y', 'boolean as y'),

  // --- bucket names (ensure-bucket, prune, upload-artifact)
  bad('ensure-bucket', 'bucket', 'My-Bucket', 'capitals'),
  bad('prune', 'bucket', LONG(64, 'b'), '64 characters'),
  bad('upload-artifact', 'bucket', 'my_bucket', 'underscore'),
  bad('prune', 'bucket', 'my..bucket', 'two adjacent dots'),
  bad('upload-artifact', 'bucket', '192.168.1.1', 'an IP address'),
  bad('ensure-bucket', 'bucket', 'xn--bucket', 'reserved prefix'),
  bad('prune', 'bucket', 'logs--ol-s3', 'reserved suffix'),
  bad('upload-artifact', 'bucket', 'b\u00fccket', 'non-ASCII letter'),
  bad('ensure-bucket', 'bucket', 'my\u2011bucket', 'non-breaking hyphen'),
  bad('prune', 'bucket', 'my-bucket\u0007', 'control character (BEL)'),
  bad('upload-artifact', 'bucket', undefined, 'missing'),

  // --- ensure-bucket
  bad('ensure-bucket', 'versioning', 'on', 'versioning not an enum value'),
  bad('ensure-bucket', 'encryption', 'SSE-S3', 'encryption not an enum value'),
  bad('ensure-bucket', 'object-ownership', 'BucketOwner', 'ownership not an enum value'),
  bad('ensure-bucket', 'block-public-access', 'maybe', 'neither boolean nor unchanged'),
  bad('ensure-bucket', 'kms-key-id', 'not a key!', 'malformed KMS key', { encryption: 'aws:kms' }),
  bad('ensure-bucket', 'kms-key-id', 'alias/ci', 'KMS key with AES256', { encryption: 'AES256' }),
  bad('ensure-bucket', 'expire-prefix', 'logs/', 'expire-prefix without expire-after-days'),
  bad('ensure-bucket', 'expire-prefix', LONG(600, '\u00fc'), '1200-byte expire-prefix', {
    'expire-after-days': '30',
  }),
  bad('ensure-bucket', 'expire-after-days', '0', 'zero days'),
  bad('ensure-bucket', 'abort-incomplete-multipart-days', '-1', 'negative days'),
  bad('ensure-bucket', 'tags', 'aws:owner=me', 'reserved tag prefix'),
  bad('ensure-bucket', 'tags', 'team=a\nteam=b', 'tag key twice'),
  bad(
    'ensure-bucket',
    'tags',
    lines(51, (i) => `k${i}=v`),
    '51 bucket tags',
  ),
  bad('ensure-bucket', 'tags', `${LONG(129, 'k')}=v`, '129-character tag key'),
  bad('ensure-bucket', 'tags', `k=${LONG(257, 'v')}`, '257-character tag value'),
  bad('ensure-bucket', 'tags-exclusive', 'always', 'boolean as always'),

  // --- prune
  bad('prune', 'prefix', undefined, 'no prefix without allow-whole-bucket'),
  bad('prune', 'prefix', LONG(1025), '1025-character prefix'),
  bad('prune', 'prefix', LONG(600, '\u00fc'), '1200-byte prefix'),
  bad('prune', 'prefix', 'logs/\u007f', 'control character (DEL)'),
  bad('prune', 'older-than', '30', 'duration without a unit'),
  bad('prune', 'older-than', '0d', 'zero duration'),
  bad('prune', 'older-than', '1.5d', 'fractional duration'),
  bad('prune', 'older-than', '2026-02-30', 'impossible date'),
  bad('prune', 'older-than', '2999-01-01T00:00:00Z', 'instant in the future'),
  bad('prune', 'older-than', '2026-01-01T00:00:00+25:00', 'impossible offset'),
  bad('prune', 'older-than', '9999999999d', 'ten-digit duration'),
  bad('prune', 'older-than', 'P30D', 'ISO-8601 period'),
  bad('prune', 'older-than', undefined, 'neither older-than nor keep-latest'),
  bad('prune', 'keep-latest', '-1', 'negative keep-latest'),
  bad('prune', 'max-deletes', '1e3', 'exponent notation'),
  bad('prune', 'max-deletes', '99999999999999999999', 'twenty digits'),
  bad('prune', 'group-by', 'prefix', 'group-by not an enum value'),
  bad('prune', 'versions', 'latest', 'versions not an enum value'),
  bad('prune', 'include', '[abc', 'unclosed class'),
  bad('prune', 'exclude', '[z-a].zip', 'reversed range'),
  bad('prune', 'abort-incomplete-uploads', 'sometimes', 'boolean as sometimes'),

  // --- upload-artifact
  bad('upload-artifact', 'path', undefined, 'missing'),
  bad('upload-artifact', 'path', '!dist/**/*.map', 'only exclusions'),
  bad('upload-artifact', 'key-prefix', '{nope}/', 'unknown placeholder'),
  bad('upload-artifact', 'key-prefix', '/builds/', 'leading slash'),
  bad('upload-artifact', 'key-prefix', 'a/../b/', 'dot-dot segment'),
  bad('upload-artifact', 'key-prefix', 'pr-{pr_number}/', 'pr_number outside a pull request'),
  bad('upload-artifact', 'key-prefix', LONG(901), 'over 900 bytes'),
  bad('upload-artifact', 'key-prefix', 'builds/\u001b[31m/', 'ANSI escape'),
  bad('upload-artifact', 'if-no-files-found', 'fail', 'not an enum value'),
  bad('upload-artifact', 'overwrite', 'never', 'not an enum value'),
  bad('upload-artifact', 'content-type', 'text html', 'media type with a space'),
  bad('upload-artifact', 'content-type', 'text/plain\n; charset=utf-8', 'media type across two lines'),
  bad('upload-artifact', 'cache-control', '**/*.html:', 'rule without a value'),
  bad('upload-artifact', 'cache-control', 'no-cache\n**/*.js: max-age=60', 'plain value mixed with rules'),
  bad('upload-artifact', 'cache-control', 'max-age=60, \u2603', 'non-ASCII header value'),
  bad('upload-artifact', 'metadata', 'sha256=abc', 'reserved key'),
  bad('upload-artifact', 'metadata', 'just-a-line', 'line without ='),
  bad('upload-artifact', 'metadata', 'bad key=1', 'key with a space'),
  bad('upload-artifact', 'metadata', 'owner=\u540d\u524d', 'non-ASCII header value'),
  bad('upload-artifact', 'storage-class', 'COLD', 'unknown storage class'),
  bad('upload-artifact', 'sse', 'aws:kms:sse', 'unknown encryption'),
  bad('upload-artifact', 'kms-key-id', 'alias/ci', 'KMS key with AES256', { sse: 'AES256' }),
  bad('upload-artifact', 'part-size-mb', '4', 'part under 5 MiB'),
  bad('upload-artifact', 'concurrency', '65', 'over 64 files in flight'),
  bad('upload-artifact', 'part-concurrency', '0', 'no parts in flight'),
  bad('upload-artifact', 'presign-expires', '604801', 'over seven days'),
  bad('upload-artifact', 'public-base-url', 'ftp://cdn.example.com', 'not http(s)'),
  bad('upload-artifact', 'public-base-url', 'https://exa mple.com', 'host with a space'),
  bad(
    'upload-artifact',
    'tags',
    lines(11, (i) => `k${i}=v`),
    '11 object tags',
  ),
  bad('upload-artifact', 'follow-symlinks', 'sure', 'boolean as sure'),

  // --- fetch-secret
  bad('fetch-secret', 'secret-ids', undefined, 'missing'),
  bad('fetch-secret', 'secret-ids', 'app/\u043a\u043b\u044e\u0447', 'Cyrillic name'),
  bad('fetch-secret', 'secret-ids', '*', 'bare wildcard'),
  bad('fetch-secret', 'secret-ids', 'app/*/x*', 'wildcard inside the name'),
  bad('fetch-secret', 'secret-ids', 'ALL,app/**', 'alias with a malformed wildcard'),
  bad('fetch-secret', 'secret-ids', 'DB PASS,app/db', 'alias with a space'),
  bad('fetch-secret', 'secret-ids', 'DB\u202e,app/db', 'alias with a right-to-left override'),
  bad('fetch-secret', 'binary-encoding', 'hex', 'unknown binary encoding'),
  bad('fetch-secret', 'parse-json-secrets', 'yes', 'the parse-json alias as yes'),
  bad('fetch-secret', 'parse-json', 'true', 'given under both names', { 'parse-json-secrets': 'true' }),
  bad('fetch-secret', 'keep-latest', '3', 'an input of prune'),
  bad('prune', 'max-delete', '10', 'a typo of max-deletes'),
  bad('upload-artifact', 'aws-access-key-id', 'AKIDEXAMPLEONLY0001', 'an input of configure-aws-credentials'),
  bad(
    'fetch-secret',
    'secret-ids',
    'arn:aws:secretsmanager:us-east-1:123:secret:app/db',
    'short account in ARN',
  ),
  bad('fetch-secret', 'secret-ids', 'arn:aws:s3:::my-bucket', 'ARN of another service'),
  bad(
    'fetch-secret',
    'secret-ids',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:',
    'ARN without a name',
  ),
  bad('fetch-secret', 'secret-ids', 'DB,app/db-a\nDB,app/db-b', 'two secrets, one variable'),
  bad('fetch-secret', 'secret-ids', LONG(513), '513-character name'),
  bad('fetch-secret', 'secret-ids', 'app/db\u0001', 'control character (SOH)'),
  bad('fetch-secret', 'secret-ids', `app/${LONG(100_000, 'z')}`, '100 KB value'),
  bad('fetch-secret', 'version-stage', 'AWS CURRENT', 'stage with a space'),
  bad('fetch-secret', 'version-stage', LONG(257, 'S'), '257-character stage'),
  bad('fetch-secret', 'version-id', 'v1', 'short version id'),
  bad('fetch-secret', 'version-id', LONG(32, 'a'), 'version id and stage', { 'version-stage': 'AWSCURRENT' }),
  bad('fetch-secret', 'version-id', LONG(32, 'a'), 'version id for two secrets', {
    'secret-ids': 'app/db\napp/api',
  }),
  bad('fetch-secret', 'version-id', LONG(32, 'a'), 'version id for a wildcard', { 'secret-ids': 'app/*' }),
  bad('fetch-secret', 'json-keys', 'password', 'json-keys without parse-json'),
  bad('fetch-secret', 'json-keys', 'db..password', 'empty key segment', { 'parse-json': 'true' }),
  bad('fetch-secret', 'parse-json', 'yes', 'boolean as yes'),
  bad('fetch-secret', 'name-transformation', 'camel', 'not an enum value'),
  bad('fetch-secret', 'set-outputs', 'nah', 'boolean as nah'),
];

const outcomes = new Map<Case, Outcome>();
const workDirs: string[] = [];

/** Runs one operation with its own three counters; `inputs` override the valid ones. */
async function run(operation: OperationName, inputs: Record<string, string | undefined>): Promise<Outcome> {
  const [endpoint, tokens, catchAll] = await Promise.all([
    startCountingProxy(),
    startTokenServer(),
    startCountingProxy(),
  ]);
  try {
    const all: Record<string, string | undefined> = {
      operation,
      'aws-region': REGION,
      'endpoint-url': endpoint.endpoint,
      'role-to-assume': ROLE_ARN,
      // Should anything get through, it fails fast instead of retrying a 503.
      'max-attempts': '1',
      ...VALID[operation],
      ...inputs,
    };
    const result = await runBundle(
      {
        inputs: Object.fromEntries(
          Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
        ),
        env: {
          AWS_ENDPOINT_URL: endpoint.endpoint,
          HTTP_PROXY: catchAll.endpoint,
          HTTPS_PROXY: catchAll.endpoint,
          http_proxy: catchAll.endpoint,
          https_proxy: catchAll.endpoint,
        },
        timeoutMs: 30_000,
      },
      { tokens, proxy: endpoint },
    );
    workDirs.push(result.workDir);
    const requests = [
      ...result.requests.map((r) => `endpoint: ${r.method} ${r.path}`),
      ...result.tokenRequests.map((r) => `token endpoint: audience ${r.audience}`),
      ...catchAll.requests.map((r) => `catch-all proxy: ${r.method} ${r.path}`),
    ];
    return { result, requests };
  } finally {
    await Promise.all([endpoint.close(), tokens.close(), catchAll.close()]);
  }
}

beforeAll(async () => {
  await mapLimit(CASES, 4, async (c) => {
    outcomes.set(c, await run(c.operation, c.inputs));
  });
}, 150_000);

afterAll(async () => {
  await Promise.all(workDirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('the table is large and covers every operation; the counters see a valid run’s requests', async () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  for (const op of Object.keys(VALID))
    expect(CASES.filter((c) => c.operation === op).length).toBeGreaterThan(10);
  // With only valid inputs the step asks for a token and calls STS (answered 503 here), and fails later.
  const { result, requests } = await run('fetch-secret', {});
  expect(result.code).not.toBe(1);
  expect(result.code).not.toBe(0);
  expect(requests).toEqual(expect.arrayContaining([expect.stringMatching(/^token endpoint: /)]));
  expect(requests.some((r) => /^(endpoint|catch-all proxy): POST/.test(r))).toBe(true);
});

describe.each(['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'] as const)('%s', (operation) => {
  test.each(CASES.filter((c) => c.operation === operation).map((c) => [`${c.input}: ${c.what}`, c] as const))(
    '%s: exit 1, the input named, no request',
    (_name, c) => {
      const { result, requests } = outcomes.get(c)!;
      const errors = errorAnnotations(result);
      const summary = { code: result.code, errors, requests };
      expect(summary).toEqual({
        code: 1,
        errors: [expect.stringMatching(new RegExp(`^Input \`${c.input}\`: `))],
        requests: [],
      });
      expect(result.outputs).toMatchObject({ 'exit-code': '1', 'error-code': 'InvalidInput' });
    },
  );
});

test('an endpoint’s password is not repeated in the error', () => {
  const c = CASES.find((x) => x.inputs['endpoint-url']?.includes('hunter2'))!;
  const { result } = outcomes.get(c)!;
  expect(result.stdout + result.stderr + result.summary).not.toContain('hunter2');
});
