/**
 * `fetch-secret` end to end: the built bundle (dist/index.js) runs as the Actions runner runs it,
 * against one moto_server per file, behind a counting proxy, with a stand-in OIDC token endpoint.
 * Every run is kept; the last tests check that no secret value reached any log or summary.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { freePort } from '../support/moto.js';
import {
  ACCOUNT,
  ALL_SECRETS,
  API_KEY,
  BLOB,
  BULK,
  BULK_COUNT,
  CFG,
  CFG_JSON,
  DB,
  DB_JSON,
  DECOY,
  PRETTY,
  PRETTY_JSON,
  OTHER_REGION,
  REGION,
  REGIONAL,
  ROLE_ARN,
  ROTATED,
  SENSITIVE,
  TEST_CREDENTIALS,
  TLS_KEY,
} from './fixtures.js';
import {
  errorAnnotations,
  escapeCommandData,
  expectExit,
  secretsReceived,
  startCountingProxy,
  startHangingServer,
  startHarness,
  stsCredentialsReceived,
  type CountingProxy,
  type Harness,
  type RunResult,
  type RunSpec,
  unescapeCommandData,
} from './harness.js';
import {
  STRUCTURAL_LINE,
  allForms,
  expectedMasks,
  findLeaks,
  maskOrderProblems,
  type Transcript,
} from './leak.js';

const SESSION_NAME = 'gh-aws-task-pack-4242-1';
const text = (f: { text?: string }): string => f.text!;
const base64 = (f: { binary?: Uint8Array }): string => Buffer.from(f.binary!).toString('base64');

let h: Harness;
/** Answers 503 to everything and counts: the HTTP(S) proxy of runs that must make no request at all. */
let sentinel: CountingProxy;
let scratch: string;
let regionalArn: string;
const transcripts: Transcript[] = [];
/** Secrets the tests hand the action themselves (token files): never to be printed either. */
const extraSecrets: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.seed(ALL_SECRETS);
  regionalArn = (await h.seed([REGIONAL], OTHER_REGION))[REGIONAL.name]!;
  await h
    .secrets()
    .send(new PutSecretValueCommand({ SecretId: ROTATED.name, SecretString: ROTATED.current }));
  scratch = await mkdtemp(join(tmpdir(), 'atp-it-files-'));
  sentinel = await startCountingProxy();
}, 90_000);

afterAll(async () => {
  await sentinel?.close();
  await h?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Runs the bundle and keeps the transcript for the leak check. */
async function run(label: string, spec: RunSpec): Promise<RunResult> {
  const result = await h.run(spec);
  transcripts.push({ label, spec, result });
  return result;
}

/**
 * Inputs every scenario shares: the operation, the region and moto behind the counting proxy, and
 * `binary-encoding: base64`, since BLOB is not UTF-8 (the default, `utf8`, is tested in
 * get-secrets-compat.test.ts).
 */
function inputs(extra: Record<string, string>): Record<string, string> {
  return {
    operation: 'fetch-secret',
    'aws-region': REGION,
    'endpoint-url': h.proxy.endpoint,
    'binary-encoding': 'base64',
    ...extra,
  };
}

/**
 * Routes every HTTP(S) request the step might make, to any host, through the sentinel, so that
 * "zero requests" covers more than the endpoint and the token server. Starts from a clean count.
 */
function catchAll(): Record<string, string> {
  sentinel.requests.length = 0;
  return { HTTP_PROXY: sentinel.endpoint, HTTPS_PROXY: sentinel.endpoint };
}

const operations = (r: RunResult): string[] => r.requests.map((q) => q.operation);
const masked = (r: RunResult, value: string): boolean =>
  r.stdoutLines.includes(`::add-mask::${escapeCommandData(value)}`);

const literal = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A summary table row: entry, secret and variables literally, version and the next column as patterns. */
function row(entry: string, secret: string, version: string, column: string, variables: string): RegExp {
  const cells = [literal(secret), literal(entry), version, column, literal(variables)];
  return new RegExp(`^\\| ${cells.join(' \\| ')} \\|$`, 'm');
}

function expectNoValuesIn(where: string, content: string): void {
  const found = allForms(SENSITIVE).filter((v) => content.includes(v));
  expect({ where, found }).toEqual({ where, found: [] });
}

describe('fetch-secret through dist/index.js against moto', () => {
  test('GitHub OIDC web identity: outputs, GITHUB_ENV (multi-line), masks, and a summary without values', async () => {
    const r = await run('oidc-success', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'allowed-account-ids': ACCOUNT,
        'secret-ids': ['API_KEY,app/api-key', 'app/db', 'TLS_KEY,app/tls-key', 'BLOB,app/blob'].join('\n'),
      }),
    });
    expectExit(r, 0);

    // The token endpoint was asked once, with the runner's bearer token and the default audience,
    // keeping the query string the runner gave.
    expect(r.tokenRequests).toEqual([
      { audience: 'sts.amazonaws.com', authorized: true, apiVersion: '2.0', token: expect.any(String) },
    ]);
    const token = r.tokenRequests[0]!.token!;

    expect(operations(r)).toEqual(['AssumeRoleWithWebIdentity', 'GetCallerIdentity', 'BatchGetSecretValue']);
    const assume = new URLSearchParams(r.requests[0]!.body);
    expect(assume.get('RoleArn')).toBe(ROLE_ARN);
    expect(assume.get('RoleSessionName')).toBe(SESSION_NAME);
    expect(assume.get('WebIdentityToken')).toBe(token);
    expect(r.requests[0]!.accessKeyId).toBeUndefined();
    // Every later call is signed with the credentials STS handed out.
    const [stsKeyId] = stsCredentialsReceived(r.requests);
    expect(r.requests.slice(1).map((q) => q.accessKeyId)).toEqual([stsKeyId, stsKeyId]);
    for (const q of r.requests) expect(q.userAgent).toContain('aws-task-pack/');
    expect(r.requests[2]!.userAgent).toContain('run/4242#1');

    expect(r.outputs).toEqual({
      'caller-arn': `arn:aws:sts::${ACCOUNT}:assumed-role/ci/${SESSION_NAME}`,
      'dry-run': 'false',
      'secret-count': '4',
      variables: JSON.stringify(['API_KEY', 'APP_DB', 'TLS_KEY', 'BLOB']),
      API_KEY: text(API_KEY),
      APP_DB: text(DB),
      TLS_KEY: text(TLS_KEY),
      BLOB: base64(BLOB),
      'exit-code': '0',
      'error-code': '',
    });

    // GITHUB_ENV holds exactly the four variables, the multi-line one in a heredoc block.
    expect(r.envEntries).toEqual([
      { name: 'API_KEY', value: text(API_KEY) },
      { name: 'APP_DB', value: text(DB) },
      { name: 'TLS_KEY', value: text(TLS_KEY) },
      { name: 'BLOB', value: base64(BLOB) },
    ]);
    const block = /^TLS_KEY<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*?)\n\1$/m.exec(r.envFile);
    expect(block?.[2]).toBe(text(TLS_KEY));
    expect(text(TLS_KEY).split('\n').length).toBeGreaterThan(3);

    // Each has its own ::add-mask:: line: whole values, each line, each JSON leaf, base64 of binary,
    // the ID token and the STS credentials (that they come first is the leak check's part).
    for (const value of [
      text(API_KEY),
      text(DB),
      DB_JSON.username,
      DB_JSON.password,
      String(DB_JSON.port),
      DB_JSON.options.replica.host,
      JSON.stringify(DB_JSON.tags),
      ...DB_JSON.note.split('\n'),
      text(TLS_KEY),
      ...text(TLS_KEY).split('\n').filter(Boolean),
      base64(BLOB),
      token,
      ...stsCredentialsReceived(r.requests),
    ])
      expect({ value, masked: masked(r, value) }).toEqual({ value, masked: true });

    expect(r.stdout).toContain(`Assumed ${ROLE_ARN} with web identity from GitHub OIDC`);
    expect(r.summary).toMatch(/^### ✅ fetch-secret: Read 4 secrets; /);
    expect(r.summary).toContain('| Secret | Requested as | Version | Stages | Variables |');
    for (const [entry, secret, variable] of [
      ['API_KEY,app/api-key', 'app/api-key', 'API_KEY'],
      ['app/db', 'app/db', 'APP_DB'],
      ['TLS_KEY,app/tls-key', 'app/tls-key', 'TLS_KEY'],
      ['BLOB,app/blob', 'app/blob', 'BLOB'],
    ])
      expect(r.summary).toMatch(row(entry!, secret!, '[0-9a-f-]+', 'AWSCURRENT', variable!));
    expectNoValuesIn('summary', r.summary);
  });

  test('parse-json flattens a nested JSON secret into one variable per leaf', async () => {
    const r = await run('parse-json', {
      inputs: inputs({ 'role-to-assume': ROLE_ARN, 'secret-ids': 'DB,app/db', 'parse-json': 'true' }),
    });
    expectExit(r, 0);
    const expected = {
      DB_USERNAME: DB_JSON.username,
      DB_PASSWORD: DB_JSON.password,
      DB_HOST: DB_JSON.host,
      DB_PORT: String(DB_JSON.port),
      DB_OPTIONS_SSLMODE: DB_JSON.options.sslmode,
      DB_OPTIONS_REPLICA_HOST: DB_JSON.options.replica.host,
      DB_TAGS: JSON.stringify(DB_JSON.tags),
      DB_NOTE: DB_JSON.note,
    };
    expect(r.env).toEqual(expected);
    expect(JSON.parse(r.outputs.variables!)).toEqual(Object.keys(expected));
    for (const [name, value] of Object.entries(expected)) expect(r.outputs[name]).toBe(value);
    expect(r.outputs['secret-count']).toBe('1');
    expect(r.summary).toContain('DB_USERNAME, DB_PASSWORD, DB_HOST, DB_PORT');
  });

  test('json-keys exports and masks only the selected keys; the rest is neither exported nor masked', async () => {
    const r = await run('json-keys', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'secret-ids': 'CFG,cfg/service',
        'parse-json': 'true',
        'json-keys': 'password, nested.token',
      }),
    });
    expectExit(r, 0);
    expect(r.envEntries).toEqual([
      { name: 'CFG_PASSWORD', value: CFG_JSON.password },
      { name: 'CFG_NESTED_TOKEN', value: CFG_JSON.nested.token },
    ]);
    expect(r.outputs.variables).toBe(JSON.stringify(['CFG_PASSWORD', 'CFG_NESTED_TOKEN']));
    expect(r.outputs.CFG_USER).toBeUndefined();
    expect(r.outputs.CFG_NESTED_OTHER).toBeUndefined();
    expect(masked(r, CFG_JSON.password)).toBe(true);
    expect(masked(r, CFG_JSON.nested.token)).toBe(true);
    expect(masked(r, text(CFG))).toBe(true);
    // The README: json-keys keeps a harmless field such as a user name from being masked all over the log.
    expect(masked(r, CFG_JSON.user)).toBe(false);
    expect(masked(r, CFG_JSON.nested.other)).toBe(false);
    // Only the whole value's own mask line carries it; no printed line does.
    expect(r.stdoutLines.filter((l) => l.includes(CFG_JSON.user))).toEqual([
      `::add-mask::${escapeCommandData(text(CFG))}`,
    ]);
  });

  test(`a wildcard reads all ${BULK_COUNT} secrets under bulk/ in pages of 20, and nothing else`, async () => {
    const r = await run('wildcard', {
      inputs: inputs({ 'role-to-assume': ROLE_ARN, 'secret-ids': 'bulk/*' }),
    });
    expectExit(r, 0);
    const names = BULK.map((_, i) => `BULK_SECRET_${String(i).padStart(2, '0')}`);
    expect(r.outputs['secret-count']).toBe(String(BULK_COUNT));
    expect(JSON.parse(r.outputs.variables!)).toEqual(names);
    expect(r.envEntries).toEqual(BULK.map((b, i) => ({ name: names[i], value: text(b) })));
    expect(Object.values(r.env)).not.toContain(text(DECOY));
    expect(Object.values(r.outputs)).not.toContain(text(DECOY));

    const pages = r.requests.filter((q) => q.operation === 'BatchGetSecretValue');
    expect(pages).toHaveLength(Math.ceil(BULK_COUNT / 20));
    for (const page of pages)
      expect(JSON.parse(page.body)).toMatchObject({
        Filters: [{ Key: 'name', Values: ['bulk/'] }],
        MaxResults: 20,
      });
    for (const b of BULK) expect(r.summary).toContain(`| ${b.name} | bulk/* |`);
    expect(r.summary).not.toContain(DECOY.name);
  });

  test('write-to-dir writes each value to a 0600 file, a binary secret byte for byte', async () => {
    const dir = join(scratch, 'out', 'secrets');
    const r = await run('write-to-dir', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'secret-ids': ['BLOB,app/blob', 'TLS_KEY,app/tls-key', 'API_KEY,app/api-key'].join('\n'),
        'write-to-dir': dir,
        'export-env': 'false',
        'set-outputs': 'false',
      }),
    });
    expectExit(r, 0);
    expect((await readdir(dir)).sort()).toEqual(['API_KEY', 'BLOB', 'TLS_KEY']);
    expect(Buffer.compare(await readFile(join(dir, 'BLOB')), Buffer.from(BLOB.binary!))).toBe(0);
    expect(await readFile(join(dir, 'TLS_KEY'), 'utf8')).toBe(text(TLS_KEY));
    expect(await readFile(join(dir, 'API_KEY'), 'utf8')).toBe(text(API_KEY));
    for (const name of ['API_KEY', 'BLOB', 'TLS_KEY'])
      expect({ name, mode: ((await stat(join(dir, name))).mode & 0o777).toString(8) }).toEqual({
        name,
        mode: '600',
      });
    expect(r.envFile).toBe('');
    expect(Object.keys(r.outputs).sort()).toEqual([
      'dry-run',
      'error-code',
      'exit-code',
      'secret-count',
      'variables',
    ]);
    expect(r.outputs.variables).toBe(JSON.stringify(['BLOB', 'TLS_KEY', 'API_KEY']));
    expect(r.summary).toContain(`| Exported to | files in ${dir} |`);
  });

  test('dry-run reads no value: DescribeSecret only, nothing exported, the summary lists what would be', async () => {
    const r = await run('dry-run', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'dry-run': 'true',
        'secret-ids': [
          'API_KEY,app/api-key',
          'TLS_KEY,app/tls-key',
          'BLOB,app/blob',
          'DB,app/db',
          'bulk/*',
        ].join('\n'),
      }),
    });
    expectExit(r, 0);
    const ops = new Set(operations(r));
    expect([...ops].sort()).toEqual(['AssumeRoleWithWebIdentity', 'DescribeSecret', 'ListSecrets']);
    expect(operations(r).filter((o) => o === 'DescribeSecret')).toHaveLength(4 + BULK_COUNT);
    expect(secretsReceived(r.requests)).toEqual([]);

    expect(r.outputs).toEqual({
      'dry-run': 'true',
      'secret-count': String(4 + BULK_COUNT),
      // The names a real run would export, known without reading a value (no parse-json here).
      variables: JSON.stringify([
        'API_KEY',
        'TLS_KEY',
        'BLOB',
        'DB',
        ...Array.from({ length: BULK_COUNT }, (_, i) => `BULK_SECRET_${String(i).padStart(2, '0')}`),
      ]),
      'exit-code': '0',
      'error-code': '',
    });
    expect(r.envFile).toBe('');
    // Not even an ::add-mask:: line: the values were never in the process.
    for (const [where, content] of [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
      ['summary', r.summary],
      ['GITHUB_ENV', r.envFile],
      ['GITHUB_OUTPUT', JSON.stringify(r.outputs)],
    ])
      expectNoValuesIn(where!, content!);

    expect(r.summary).toMatch(
      new RegExp(`^### 📋 fetch-secret: Plan: read ${4 + BULK_COUNT} secrets \\(all exist\\), `),
    );
    expect(r.summary).toContain('Dry run: no secret value was read and nothing was exported.');
    expect(r.summary).toContain('Secrets to read (');
    for (const [entry, secret, variable] of [
      ['API_KEY,app/api-key', 'app/api-key', 'API_KEY'],
      ['TLS_KEY,app/tls-key', 'app/tls-key', 'TLS_KEY'],
      ['BLOB,app/blob', 'app/blob', 'BLOB'],
      ['DB,app/db', 'app/db', 'DB'],
      ['bulk/*', 'bulk/secret-07', 'BULK_SECRET_07'],
    ])
      expect(r.summary).toMatch(row(entry!, secret!, '[0-9a-f-]+', '[^|]+', variable!));
    expect(r.stdout).toContain('(dryrun) read: app/api-key');
  });

  test('a missing secret fails with exit 5 and ResourceNotFoundException, and nothing is exported', async () => {
    const r = await run('missing-secret', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'secret-ids': 'API_KEY,app/api-key\nMISSING,app/does-not-exist',
      }),
    });
    expectExit(r, 5);
    // Failed while applying: the outcome route, so `dry-run` is set beside the exit and error codes.
    expect(r.outputs).toEqual({
      'dry-run': 'false',
      'exit-code': '5',
      'error-code': 'ResourceNotFoundException',
    });
    expect(r.envFile).toBe('');
    const errors = errorAnnotations(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('app/does-not-exist: ResourceNotFoundException');
    expect(errors[0]).toContain('Nothing was exported.');
    expect(r.summary).toMatch(/^### ❌ fetch-secret: /);
    expect(r.summary).toContain('| Exit code | 5 |');
    // The other secret did arrive (same batch) and was masked all the same.
    expect(masked(r, text(API_KEY))).toBe(true);
  });

  test('no credentials at all (no role, no AWS_* keys) fails with exit 2 before any request', async () => {
    const r = await run('no-credentials', {
      env: catchAll(),
      inputs: inputs({ 'secret-ids': 'app/api-key' }),
    });
    expectExit(r, 2);
    expect(r.outputs).toEqual({ 'exit-code': '2', 'error-code': 'NoCredentials' });
    expect(errorAnnotations(r).join('\n')).toContain('No AWS credentials were found');
    expect(r.requests).toEqual([]);
    expect(r.tokenRequests).toEqual([]);
    expect(sentinel.requests).toEqual([]);
    expect(r.envFile).toBe('');
  });

  test('an endpoint that refuses connections fails with exit 3 after max-attempts, with a fresh token per attempt', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await run('endpoint-down-oidc', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'endpoint-url': closed,
        'max-attempts': '2',
        'connect-timeout-ms': '1000',
        'secret-ids': 'app/api-key',
      }),
    });
    expectExit(r, 3);
    expect(r.outputs).toEqual({ 'exit-code': '3', 'error-code': 'ECONNREFUSED' });
    expect(r.tokenRequests).toHaveLength(2);
    expect(new Set(r.tokenRequests.map((t) => t.token)).size).toBe(2);
    expect(errorAnnotations(r).join('\n')).toContain('endpoint-url');
    expect(r.envFile).toBe('');
  });

  test('a refused Secrets Manager call (ambient credentials) also fails with exit 3', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await run('endpoint-down-static', {
      idToken: false,
      credentials: TEST_CREDENTIALS,
      inputs: inputs({ 'endpoint-url': closed, 'max-attempts': '2', 'secret-ids': 'app/api-key' }),
    });
    expectExit(r, 3);
    expect(r.outputs['exit-code']).toBe('3');
    expect(r.outputs['error-code']).toBe('ECONNREFUSED');
    expect(r.stdout).toContain('Using the default credential chain');
  });

  test.each([
    ['dry-run', { 'dry-run': 'yes' }],
    // A user, not a role (even the lenient check for custom endpoints refuses it).
    ['role-to-assume', { 'role-to-assume': `arn:aws:iam::${ACCOUNT}:user/ci` }],
    ['secret-ids', { 'secret-ids': '1-BAD-ALIAS,app/db' }],
    ['json-keys', { 'json-keys': 'password' }],
    ['max-attempts', { 'max-attempts': '0' }],
    ['log-format', { 'log-format': 'yaml' }],
    ['aws-region', { 'aws-region': 'Not A Region' }],
    ['operation', { operation: 'fetch-secrets' }],
  ])('a bad `%s` fails with exit 1, names the input, and costs zero requests', async (input, bad) => {
    const r = await run(`bad-input-${input}`, {
      env: catchAll(),
      inputs: { ...inputs({ 'role-to-assume': ROLE_ARN, 'secret-ids': 'app/api-key' }), ...bad },
    });
    expectExit(r, 1);
    expect(r.outputs).toEqual({ 'exit-code': '1', 'error-code': 'InvalidInput' });
    const errors = errorAnnotations(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Input \`${input}\``);
    // No ID token was requested, nothing reached the endpoint, nothing went anywhere else.
    expect(r.tokenRequests).toEqual([]);
    expect(r.requests).toEqual([]);
    expect(sentinel.requests).toEqual([]);
    expect(r.envFile).toBe('');
  });

  test('allowed-account-ids not matching fails with exit 4 before any Secrets Manager call', async () => {
    const r = await run('account-not-allowed', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'allowed-account-ids': '111111111111, 222222222222',
        'secret-ids': 'app/api-key',
      }),
    });
    expectExit(r, 4);
    expect(r.outputs).toEqual({
      'caller-arn': `arn:aws:sts::${ACCOUNT}:assumed-role/ci/${SESSION_NAME}`,
      'exit-code': '4',
      'error-code': 'AccountNotAllowed',
    });
    expect(operations(r)).toEqual(['AssumeRoleWithWebIdentity', 'GetCallerIdentity']);
    expect(errorAnnotations(r).join('\n')).toContain(
      `account ${ACCOUNT}, which is not in \`allowed-account-ids\``,
    );
    expect(r.envFile).toBe('');
  });

  test('log-format json prints one JSON object per line with time, level, operation, event and message', async () => {
    const r = await run('json-log', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        audience: 'integration-audience',
        'log-format': 'json',
        // A pretty-printed JSON secret: its `{` and `}` lines must not be masked, or every brace of
        // every later log line (ours and the runner's) would turn into ***.
        'secret-ids': 'API_KEY,app/api-key\nDB,app/db\nPRETTY,app/pretty',
        'parse-json': 'true',
      }),
    });
    expectExit(r, 0);
    expect(r.tokenRequests.map((t) => t.audience)).toEqual(['integration-audience']);
    const records = r.stdoutLines
      .filter((l) => !l.startsWith('::'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThanOrEqual(3);
    for (const record of records) {
      expect(record).toEqual(
        expect.objectContaining({
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          level: expect.stringMatching(/^(debug|info|warning|error)$/),
          operation: 'fetch-secret',
          event: expect.any(String),
          message: expect.any(String),
        }),
      );
    }
    expect(records.map((x) => x.event)).toEqual(['auth.ready', 'secrets.fetched', 'done']);
    expect(records.find((x) => x.event === 'secrets.fetched')).toMatchObject({
      fields: { secrets: 3, variableCount: 13 },
    });
    expect(r.env.DB_PASSWORD).toBe(DB_JSON.password);
    expect(r.env.PRETTY_CREDENTIALS_SECRET).toBe(PRETTY_JSON.credentials.secret);
    expect(r.env.PRETTY_REGIONS).toBe(JSON.stringify(PRETTY_JSON.regions));
    const structuralMasks = r.stdoutLines.filter(
      (l) => l.startsWith('::add-mask::') && STRUCTURAL_LINE.test(unescapeCommandData(l.slice(12))),
    );
    expect(structuralMasks).toEqual([]);
    expect(masked(r, text(PRETTY))).toBe(true);
    expect(masked(r, `"secret": "${PRETTY_JSON.credentials.secret}"`)).toBe(true);
  });

  test('static credentials in the environment plus a role without a token take the AssumeRole path', async () => {
    const chained = `arn:aws:iam::${ACCOUNT}:role/chained`;
    const r = await run('assume-role', {
      idToken: false,
      credentials: TEST_CREDENTIALS,
      inputs: inputs({ 'role-to-assume': chained, 'secret-ids': 'API_KEY,app/api-key' }),
    });
    expectExit(r, 0);
    expect(r.tokenRequests).toEqual([]);
    expect(operations(r)).toEqual(['AssumeRole', 'BatchGetSecretValue']);
    const assume = new URLSearchParams(r.requests[0]!.body);
    expect(assume.get('RoleArn')).toBe(chained);
    expect(assume.get('Tags.member.1.Key')).toBe('GitHub');
    // AssumeRole is signed with the ambient keys; Secrets Manager with the role's.
    expect(r.requests[0]!.accessKeyId).toBe(TEST_CREDENTIALS.accessKeyId);
    const [roleKeyId] = stsCredentialsReceived(r.requests);
    expect(r.requests[1]!.accessKeyId).toBe(roleKeyId);
    expect(roleKeyId).not.toBe(TEST_CREDENTIALS.accessKeyId);
    expect(r.outputs.API_KEY).toBe(text(API_KEY));
    expect(r.stdout).toContain(`Assumed ${chained} from the ambient credentials`);
  });
});

describe('more of what the README promises', () => {
  test('version-stage AWSPREVIOUS reads the previous value with one GetSecretValue per secret', async () => {
    const current = await run('rotated-current', {
      inputs: inputs({ 'role-to-assume': ROLE_ARN, 'secret-ids': `ROT,${ROTATED.name}` }),
    });
    expect(current.env).toEqual({ ROT: ROTATED.current });
    const previous = await run('rotated-previous', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'secret-ids': `ROT,${ROTATED.name}`,
        'version-stage': 'AWSPREVIOUS',
      }),
    });
    expectExit(previous, 0);
    expect(previous.env).toEqual({ ROT: ROTATED.previous });
    expect(operations(previous)).toEqual(['AssumeRoleWithWebIdentity', 'GetSecretValue']);
    expect(JSON.parse(previous.requests[1]!.body)).toEqual({
      SecretId: ROTATED.name,
      VersionStage: 'AWSPREVIOUS',
    });
    expect(previous.summary).toMatch(/\| AWSPREVIOUS \| ROT \|/);
  });

  test("a full ARN is read from the ARN's own region, whatever aws-region says", async () => {
    const r = await run('cross-region-arn', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'secret-ids': `API_KEY,app/api-key\nREGIONAL,${regionalArn}`,
      }),
    });
    expectExit(r, 0);
    expect(regionalArn).toContain(`:secretsmanager:${OTHER_REGION}:`);
    expect(r.env).toEqual({ API_KEY: text(API_KEY), REGIONAL: text(REGIONAL) });
    const reads = r.requests.filter((q) => q.operation === 'BatchGetSecretValue');
    expect(reads.map((q) => [q.region, JSON.parse(q.body).SecretIdList])).toEqual(
      expect.arrayContaining([
        [REGION, ['app/api-key']],
        [OTHER_REGION, [regionalArn]],
      ]),
    );
    expect(reads).toHaveLength(2);
  });

  test('web-identity-token-file: the token comes from the file, GitHub is not asked', async () => {
    const token = `file-token.${Buffer.from('{"sub":"k8s:ci"}').toString('base64url')}.sig-Rk48Tz`;
    extraSecrets.push(token);
    const file = join(scratch, 'web-identity-token');
    await writeFile(file, `${token}\n`);
    const r = await run('token-file', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'web-identity-token-file': file,
        'secret-ids': 'API_KEY,app/api-key',
      }),
    });
    expectExit(r, 0);
    expect(r.tokenRequests).toEqual([]);
    expect(operations(r)).toEqual(['AssumeRoleWithWebIdentity', 'BatchGetSecretValue']);
    expect(new URLSearchParams(r.requests[0]!.body).get('WebIdentityToken')).toBe(token);
    expect(masked(r, token)).toBe(true);
    expect(r.outputs.API_KEY).toBe(text(API_KEY));
  });

  test('a role without an ID token or other credentials, on a fork PR: exit 2 NoIdToken, naming the fork', async () => {
    const event = join(scratch, 'fork-event.json');
    await writeFile(
      event,
      JSON.stringify({
        pull_request: { head: { repo: { fork: true, full_name: 'someone/aws-task-pack' } } },
      }),
    );
    const r = await run('fork-pr', {
      idToken: false,
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
      inputs: inputs({ 'role-to-assume': ROLE_ARN, 'secret-ids': 'app/api-key' }),
    });
    expectExit(r, 2);
    expect(r.outputs).toEqual({ 'exit-code': '2', 'error-code': 'NoIdToken' });
    const error = errorAnnotations(r).join('\n');
    expect(error).toContain('pull request from a fork');
    expect(error).toContain('id-token: write');
    expect(r.requests).toEqual([]);
  });

  test('a token endpoint that refuses the request token: exit 2 at once, no retry, no AWS call', async () => {
    const r = await run('token-refused', {
      env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-runner-token-Zx19' },
      inputs: inputs({ 'role-to-assume': ROLE_ARN, 'secret-ids': 'app/api-key', 'max-attempts': '3' }),
    });
    expectExit(r, 2);
    expect(r.outputs).toEqual({ 'exit-code': '2', 'error-code': 'IdTokenRequestFailed' });
    expect(r.tokenRequests).toEqual([
      { audience: 'sts.amazonaws.com', authorized: false, apiVersion: '2.0' },
    ]);
    // The endpoint's answer as @actions/core reports it (its error keeps the status only in the text).
    expect(errorAnnotations(r).join('\n')).toContain('Error Code : 401');
    expect(r.requests).toEqual([]);
  });

  test('HTTP_PROXY carries every AWS call; NO_PROXY exempts the endpoint', async () => {
    const proxy = await startCountingProxy(h.moto.endpoint);
    try {
      const direct = { ...inputs({ 'secret-ids': 'API_KEY,app/api-key' }), 'endpoint-url': h.moto.endpoint };
      const via = await run('http-proxy', {
        idToken: false,
        credentials: TEST_CREDENTIALS,
        env: { HTTP_PROXY: proxy.endpoint },
        inputs: direct,
      });
      expectExit(via, 0);
      expect(via.outputs.API_KEY).toBe(text(API_KEY));
      expect(proxy.requests.map((q) => [q.operation, q.absoluteForm])).toEqual([
        ['BatchGetSecretValue', true],
      ]);

      const exempt = await run('no-proxy', {
        idToken: false,
        credentials: TEST_CREDENTIALS,
        env: { HTTP_PROXY: proxy.endpoint, NO_PROXY: '127.0.0.1' },
        inputs: direct,
      });
      expectExit(exempt, 0);
      expect(proxy.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  test('SIGTERM while a call hangs: in-flight work stops, exit 130 and error-code Cancelled', async () => {
    const hanging = await startHangingServer();
    try {
      const started = Date.now();
      const r = await run('sigterm', {
        idToken: false,
        credentials: TEST_CREDENTIALS,
        inputs: {
          ...inputs({ 'secret-ids': 'app/api-key', 'read-timeout-ms': '600000' }),
          'endpoint-url': hanging.endpoint,
        },
        onSpawn: (child) => void hanging.firstRequest.then(() => child.kill('SIGTERM')),
      });
      expectExit(r, 130);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.outputs).toEqual({ 'dry-run': 'false', 'exit-code': '130', 'error-code': 'Cancelled' });
      expect(r.stdout).toContain('Received SIGTERM');
    } finally {
      await hanging.close();
    }
  });

  test('a variable name two secrets would share is an input error after reading, and nothing is exported', async () => {
    const r = await run('collision', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'parse-json': 'true',
        // app/db's `password` leaf becomes DB_PASSWORD, which the alias claims too.
        'secret-ids': 'DB,app/db\nDB_PASSWORD,app/api-key',
      }),
    });
    expectExit(r, 1);
    // Found after reading, while applying: the outcome route, with `dry-run` beside the codes.
    expect(r.outputs).toEqual({ 'dry-run': 'false', 'exit-code': '1', 'error-code': 'InvalidInput' });
    expect(errorAnnotations(r).join('\n')).toContain('both map to the variable DB_PASSWORD');
    expect(r.envFile).toBe('');
  });

  test('job-summary: false writes no summary', async () => {
    const r = await run('no-summary', {
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'secret-ids': 'API_KEY,app/api-key',
        'job-summary': 'false',
      }),
    });
    expectExit(r, 0);
    expect(r.summary).toBe('');
  });
});

describe('no secret value reaches a log or the summary', () => {
  test('debug runs (RUNNER_DEBUG=1) in both log formats', async () => {
    const debug = { RUNNER_DEBUG: '1' };
    const all = [
      'API_KEY,app/api-key',
      'app/db',
      'TLS_KEY,app/tls-key',
      'BLOB,app/blob',
      'PRETTY,app/pretty',
      'CFG,cfg/service',
      'bulk/*',
    ];
    const text1 = await run('debug-text', {
      env: debug,
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'allowed-account-ids': ACCOUNT,
        'secret-ids': all.join('\n'),
      }),
    });
    const json1 = await run('debug-json-parse', {
      env: debug,
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'log-format': 'json',
        'parse-json': 'true',
        'secret-ids': all.join('\n'),
      }),
    });
    const json2 = await run('debug-json-missing', {
      env: debug,
      inputs: inputs({
        'role-to-assume': ROLE_ARN,
        'log-format': 'json',
        'secret-ids': 'TLS_KEY,app/tls-key\nBLOB,app/blob\napp/does-not-exist',
      }),
    });
    expectExit(text1, 0);
    expectExit(json1, 0);
    expectExit(json2, 5);
    expect(text1.stdout).toContain('[debug] Settings parsed');
    expect(json1.stdout).toContain('"level":"debug"');
    expect(json1.outputs['secret-count']).toBe(String(6 + BULK_COUNT));
  });

  test('every run above: values only inside ::add-mask:: lines, each masked before it could be printed', () => {
    const labels = transcripts.map((t) => t.label);
    // The check covers both log formats and debug output, on success and failure paths.
    expect(transcripts.some((t) => t.spec.inputs['log-format'] === 'json')).toBe(true);
    expect(transcripts.some((t) => !t.spec.inputs['log-format'])).toBe(true);
    expect(transcripts.some((t) => t.spec.env?.RUNNER_DEBUG === '1')).toBe(true);
    expect(labels.length).toBeGreaterThanOrEqual(3);

    const values = [
      ...allForms(SENSITIVE),
      ...extraSecrets,
      TEST_CREDENTIALS.secretAccessKey,
      h.tokens.requestToken,
      ...transcripts.flatMap((t) => expectedMasks(t)),
    ];
    const binaries = SENSITIVE.flatMap((s) => (s.binary ? [s.binary] : []));
    const leaks = transcripts.flatMap((t) => findLeaks(t, values, binaries));
    expect(leaks).toEqual([]);

    const problems = transcripts.flatMap((t) => maskOrderProblems(t));
    expect(problems).toEqual([]);
    // The mask check had values to check.
    expect(transcripts.filter((t) => secretsReceived(t.result.requests).length > 0).length).toBeGreaterThan(
      0,
    );
  });

  test('the checks themselves catch a planted leak, an escaped leak and a missing mask', () => {
    const real = transcripts.find((t) => secretsReceived(t.result.requests).some((x) => x.text === text(DB)));
    expect(real).toBeDefined();
    const value = DB_JSON.password;
    const planted = (change: Partial<RunResult>): Transcript => ({
      ...real!,
      label: 'planted',
      result: { ...real!.result, ...change },
    });
    const lines = real!.result.stdoutLines;
    const early = planted({ stdoutLines: [`connecting with ${value}`, ...lines] });
    expect(findLeaks(early, [value])).toEqual([{ run: 'planted', where: 'stdout', line: 1, value }]);
    expect(maskOrderProblems(early).map((p) => p.value)).toContain(value);
    const escaped = planted({ summary: `| x | ${JSON.stringify({ value })} |` });
    expect(findLeaks(escaped, [value]).map((l) => l.where)).toEqual(['summary']);
    const unmasked = planted({
      stdoutLines: lines.filter((l) => l !== `::add-mask::${escapeCommandData(value)}`),
    });
    expect(maskOrderProblems(unmasked)).toEqual([{ run: 'planted', value, problem: 'no ::add-mask:: line' }]);
  });
});
