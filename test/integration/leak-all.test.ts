/**
 * No secret leaks, from any operation: the built action (dist/index.js) and the built CLI
 * (dist/cli.js) run every operation against moto behind the counting proxy, authenticated by web
 * identity, in both log formats, in debug mode, on success and failure paths, and (the action) on a
 * pull_request event with `pr-comment`, against the loopback GitHub API stub.
 *
 * The secrets: the runner's ID-token request token, every ID token, every credential STS handed out
 * (as is and URL-encoded, the form a presigned URL carries), the GitHub token, every form of every
 * secret value, and the presigned URLs with their signatures. None may appear in a log line (but its
 * own `::add-mask::` line, which must come before any use), a job summary, a PR comment, or the CLI's
 * stdout, stderr or summary file. Outputs, `GITHUB_ENV` and the manifest are where values belong.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cleanUpCliRuns, expectCliExit, runCli, type CliRunResult } from './cli-support.js';
import { API_KEY, BLOB, CFG, DB, OTHER_REGION, REGION, ROLE_ARN, TLS_KEY } from './fixtures.js';
import { startGitHubApiStub, writePullRequestEvent, type GitHubApiStub } from './github-api-stub.js';
import {
  escapeCommandData,
  expectExit,
  startHarness,
  stsCredentialsReceived,
  type Harness,
  type RunResult,
} from './harness.js';
import { allForms, encodings, expectedMasks, findLeaks, maskOrderProblems, type Transcript } from './leak.js';
import { s3Client, uniqueBucket } from './s3-support.js';

const SECRETS = [API_KEY, DB, TLS_KEY, BLOB, CFG];
const PR = 41;
const GITHUB_TOKEN = 'ghs_leakAllTestToken9f3Kq28Lm5Zx0Pw7';
/** What other CIs hand the CLI as a web identity token file. */
const CLI_TOKEN = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsZWFrLWFsbCJ9.cli-token-sig-Hx47Tq${Date.now()}`;
const DATA = uniqueBucket('leak');
const CREATED = uniqueBucket('leak-new');
const CLI_CREATED = uniqueBucket('leak-cli');
/** Lives in another region: ensure-bucket's failure path. */
const ELSEWHERE = uniqueBucket('leak-west');

let h: Harness;
let api: GitHubApiStub;
let s3: S3Client;
let scratch: string;
let files: string;
let eventFile: string;
let tokenFile: string;
const transcripts: Transcript[] = [];
const cliRuns: Array<{ label: string; result: CliRunResult; summary: string }> = [];

beforeAll(async () => {
  h = await startHarness();
  api = await startGitHubApiStub();
  await h.seed(SECRETS);
  s3 = s3Client(h.moto.endpoint, REGION);
  await s3.send(new CreateBucketCommand({ Bucket: DATA }));
  const west = s3Client(h.moto.endpoint, OTHER_REGION);
  await west.send(
    new CreateBucketCommand({
      Bucket: ELSEWHERE,
      CreateBucketConfiguration: { LocationConstraint: OTHER_REGION },
    }),
  );
  west.destroy();
  for (const prefix of ['prune-a/', 'prune-b/', 'prune-c/', 'prune-d/'])
    for (const name of ['one', 'two', 'three'])
      await s3.send(new PutObjectCommand({ Bucket: DATA, Key: `${prefix}${name}.zip`, Body: name }));

  scratch = await mkdtemp(join(tmpdir(), 'atp-leak-all-'));
  files = join(scratch, 'site');
  await mkdir(join(files, 'docs'), { recursive: true });
  await writeFile(join(files, 'index.html'), '<h1>leak-all</h1>\n');
  await writeFile(join(files, 'docs', 'read me.txt'), 'presigned content\n');
  eventFile = await writePullRequestEvent(scratch, PR);
  tokenFile = join(scratch, 'web-identity-token');
  await writeFile(tokenFile, `${CLI_TOKEN}\n`);
}, 90_000);

afterAll(async () => {
  // The CLI writes its manifests to the system's temp directory.
  const manifests = cliRuns
    .map((r) => r.result.json?.['manifest-path'])
    .filter((p): p is string => typeof p === 'string' && p !== '');
  await Promise.all(manifests.map((p) => rm(p, { force: true })));
  s3?.destroy();
  await api?.close();
  await h?.stop();
  await cleanUpCliRuns();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

type Format = 'text' | 'json';

interface Variant {
  format: Format;
  debug: boolean;
  /** On a pull_request event with `pr-comment: true`. */
  comment: boolean;
}

let runs = 0;

/**
 * Runs the action by web identity; every run gets its own step id (hence its own sticky comment) and
 * run id. Runs go three at a time, so the harness's own attribution of requests (counts before and
 * after) would mix them: the run id in every request's user agent, and the ID token in its
 * AssumeRoleWithWebIdentity call, say whose they are.
 */
async function run(label: string, variant: Variant, inputs: Record<string, string>): Promise<RunResult> {
  const runId = String(9000 + ++runs);
  const spec = {
    inputs: {
      'aws-region': REGION,
      'endpoint-url': h.proxy.endpoint,
      'force-path-style': 'true',
      'role-to-assume': ROLE_ARN,
      'log-format': variant.format,
      ...(variant.comment ? { 'pr-comment': 'true', 'github-token': GITHUB_TOKEN } : {}),
      ...inputs,
    },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_JOB: 'leaks',
      GITHUB_ACTION: label,
      GITHUB_RUN_ID: runId,
      ...(variant.debug ? { RUNNER_DEBUG: '1' } : {}),
      ...(variant.comment
        ? {
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: eventFile,
            GITHUB_REF: `refs/pull/${PR}/merge`,
          }
        : {}),
    },
  };
  const raw = await h.run(spec);
  const requests = h.proxy.requests.filter((q) => q.userAgent.includes(`run/${runId}#`));
  const bodies = requests.map((q) => decodeURIComponent(q.body)).join('\n');
  const tokenRequests = h.tokens.requests.filter((t) => t.token && bodies.includes(t.token));
  const result = { ...raw, requests, tokenRequests };
  transcripts.push({ label, spec, result });
  return result;
}

const TEXT_DEBUG_COMMENT: Variant = { format: 'text', debug: true, comment: true };
const JSON_COMMENT: Variant = { format: 'json', debug: false, comment: true };
const JSON_DEBUG: Variant = { format: 'json', debug: true, comment: false };

/** The CLI by web identity from a token file, in debug mode, with the summary in a file. */
async function cli(label: string, operation: string, args: string[]): Promise<CliRunResult> {
  const summaryFile = join(scratch, `${label}.summary.md`);
  const result = await runCli({
    args: [
      operation,
      ...args,
      '--endpoint-url',
      h.proxy.endpoint,
      '--web-identity-token-file',
      tokenFile,
      '--role-to-assume',
      ROLE_ARN,
      '--force-path-style',
      '--summary-file',
      summaryFile,
    ],
    env: { AWS_REGION: REGION, AWS_ENDPOINT_URL: h.proxy.endpoint, AWS_TASK_PACK_DEBUG: '1' },
  });
  cliRuns.push({ label, result, summary: await readFile(summaryFile, 'utf8').catch(() => '') });
  return result;
}

describe('every operation through the action', () => {
  test('ensure-bucket: create (text, debug, PR comment), plan (json, PR comment), another region (exit 1)', async () => {
    const [created, planned, elsewhere] = await Promise.all([
      run('ensure-create', TEXT_DEBUG_COMMENT, {
        operation: 'ensure-bucket',
        bucket: CREATED,
        versioning: 'enabled',
        tags: 'team=leaks',
      }),
      run('ensure-plan', JSON_COMMENT, {
        operation: 'ensure-bucket',
        bucket: DATA,
        versioning: 'enabled',
        'dry-run': 'true',
      }),
      run('ensure-elsewhere', JSON_DEBUG, { operation: 'ensure-bucket', bucket: ELSEWHERE }),
    ]);
    expectExit(created, 0);
    expectExit(planned, 0);
    expectExit(elsewhere, 1);
    expect(elsewhere.outputs['error-code']).toBe('BucketInAnotherRegion');
  });

  test('prune: delete (text, debug, PR comment), dry run (json, PR comment), over max-deletes (exit 7)', async () => {
    const prune = { operation: 'prune', bucket: DATA, 'keep-latest': '1' };
    const [deleted, planned, refused] = await Promise.all([
      run('prune-delete', TEXT_DEBUG_COMMENT, { ...prune, prefix: 'prune-a/', 'dry-run': 'false' }),
      run('prune-plan', JSON_COMMENT, { ...prune, prefix: 'prune-b/' }),
      run('prune-refused', JSON_DEBUG, { ...prune, prefix: 'prune-c/', 'max-deletes': '1' }),
    ]);
    expectExit(deleted, 0);
    expect(deleted.outputs['deleted-count']).toBe('2');
    expectExit(planned, 0);
    expectExit(refused, 7);
  });

  test('upload-artifact: presigned (text, debug, PR comment; json, PR comment), missing bucket (exit 5)', async () => {
    const upload = { operation: 'upload-artifact', bucket: DATA, path: files };
    const [first, second, missing] = await Promise.all([
      run('upload-presigned', TEXT_DEBUG_COMMENT, {
        ...upload,
        'key-prefix': 'up-a/',
        'presign-expires': '3600',
        'upload-manifest': 'true',
      }),
      run('upload-json', JSON_COMMENT, { ...upload, 'key-prefix': 'up-b/', 'presign-expires': '900' }),
      run('upload-missing', JSON_DEBUG, { ...upload, bucket: uniqueBucket('leak-none') }),
    ]);
    expectExit(first, 0);
    expectExit(second, 0);
    expect(Object.keys(JSON.parse(first.outputs.urls!) as object)).toHaveLength(2);
    expectExit(missing, 5);
  });

  test('fetch-secret: values (text, debug, PR comment), json-keys (json, PR comment), a missing one (exit 5)', async () => {
    const ids = ['API_KEY,app/api-key', 'app/db', 'TLS,app/tls-key', 'BLOB,app/blob'].join('\n');
    const [all, keys, missing] = await Promise.all([
      // BLOB is not UTF-8: it can only be exported base64-encoded.
      run('secrets-all', TEXT_DEBUG_COMMENT, {
        operation: 'fetch-secret',
        'secret-ids': ids,
        'parse-json': 'true',
        'binary-encoding': 'base64',
      }),
      run('secrets-keys', JSON_COMMENT, {
        operation: 'fetch-secret',
        'secret-ids': `${CFG.name}\n${DB.name}`,
        'parse-json': 'true',
        'json-keys': 'password',
      }),
      run('secrets-missing', JSON_DEBUG, {
        operation: 'fetch-secret',
        'secret-ids': `${ids}\napp/no-such-secret`,
        'binary-encoding': 'base64',
      }),
    ]);
    expectExit(all, 0);
    expectExit(keys, 0);
    expectExit(missing, 5);
  });
});

describe('every operation through the CLI (debug, web identity from a token file)', () => {
  test('ensure-bucket, prune, upload-artifact (presigned) and fetch-secret', async () => {
    const runs = await Promise.all([
      cli('cli-ensure', 'ensure-bucket', [
        '--bucket',
        CLI_CREATED,
        '--versioning',
        'enabled',
        '--output',
        'text',
      ]),
      cli('cli-prune', 'prune', [
        '--bucket',
        DATA,
        '--prefix',
        'prune-d/',
        '--keep-latest',
        '1',
        '--dry-run',
        'false',
      ]),
      cli('cli-upload', 'upload-artifact', [
        '--bucket',
        DATA,
        '--path',
        files,
        '--key-prefix',
        'cli/',
        '--presign-expires',
        '600',
        '--log-format',
        'json',
      ]),
      cli('cli-secrets', 'fetch-secret', [
        '--secret-ids',
        ['API_KEY,app/api-key', 'app/db', 'TLS,app/tls-key', 'BLOB,app/blob'].join('\n'),
        '--parse-json',
        'true',
        '--binary-encoding',
        'base64',
        '--export-file',
        join(scratch, 'cli.env'),
      ]),
    ]);
    for (const r of runs) expectCliExit(r, 0);
    // The CLI authenticated itself: it sent the token file's token to STS.
    expect(h.proxy.requests.some((q) => decodeURIComponent(q.body).includes(CLI_TOKEN))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------

/** Every presigned URL any run returned (action outputs; the CLI's manifests), with its secret parts. */
async function presignedParts(): Promise<string[]> {
  const urls = transcripts.flatMap((t) =>
    Object.values(JSON.parse(t.result.outputs.urls ?? '{}') as Record<string, string>),
  );
  for (const { result } of cliRuns.filter((r) => r.label === 'cli-upload')) {
    const path = result.json?.['manifest-path'];
    if (typeof path === 'string' && path && path !== '***')
      for (const f of (JSON.parse(await readFile(path, 'utf8')) as { files: Array<{ url?: string }> }).files)
        if (f.url) urls.push(f.url);
  }
  return urls.flatMap((url) => [
    url,
    new URL(url).searchParams.get('X-Amz-Signature')!,
    ...(/[?&]X-Amz-Security-Token=([^&]+)/.exec(url)?.slice(1) ?? []),
  ]);
}

/** Every secret of the whole file, as it may have been printed. */
async function allSecrets(): Promise<string[]> {
  const sts = stsCredentialsReceived(h.proxy.requests);
  return [
    ...new Set([
      ...allForms(SECRETS),
      h.tokens.requestToken,
      ...h.tokens.requests.flatMap((t) => (t.token ? [t.token] : [])),
      CLI_TOKEN,
      GITHUB_TOKEN,
      ...sts,
      ...sts.map(encodeURIComponent),
      ...(await presignedParts()),
    ]),
  ].filter((v) => v.length >= 8);
}

/** Where in `text` a secret shows, in any of the encodings the leak check knows. */
function leaksIn(where: string, text: string, secrets: string[]): string[] {
  return secrets
    .filter((s) => encodings(s).some((e) => text.includes(e)))
    .map((s) => `${where}: ${s.slice(0, 24)}…`);
}

describe('no secret anywhere but its ::add-mask:: line', () => {
  test('the runs cover every operation, both log formats, debug mode, PR comments, failures and the CLI', () => {
    for (const op of ['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'])
      expect(transcripts.filter((t) => t.spec.inputs.operation === op)).toHaveLength(3);
    expect(new Set(transcripts.map((t) => t.spec.inputs['log-format']))).toEqual(new Set(['text', 'json']));
    expect(transcripts.filter((t) => t.spec.env?.RUNNER_DEBUG === '1').length).toBeGreaterThanOrEqual(8);
    expect(transcripts.filter((t) => t.result.code !== 0)).toHaveLength(4);
    expect(cliRuns).toHaveLength(4);
    // Every comment run posted its comment.
    const comments = api.on(`octo-org/aws-task-pack#${PR}`);
    expect(comments).toHaveLength(transcripts.filter((t) => t.spec.inputs['pr-comment'] === 'true').length);
  });

  test('action logs and job summaries: values only in ::add-mask:: lines, each before first use', async () => {
    const secrets = await allSecrets();
    const binaries = SECRETS.flatMap((s) => (s.binary ? [s.binary] : []));
    expect(transcripts.flatMap((t) => findLeaks(t, secrets, binaries))).toEqual([]);
    expect(transcripts.flatMap((t) => maskOrderProblems(t))).toEqual([]);
    // The GitHub token is masked too, before anything could print it.
    for (const t of transcripts.filter((x) => x.spec.inputs['pr-comment'] === 'true')) {
      const mask = t.result.stdoutLines.indexOf(`::add-mask::${escapeCommandData(GITHUB_TOKEN)}`);
      expect({ run: t.label, masked: mask >= 0 }).toEqual({ run: t.label, masked: true });
    }
    // The checks had something to find: STS credentials and ID tokens in every run, values in some.
    for (const t of transcripts) expect(expectedMasks(t).length).toBeGreaterThanOrEqual(4);
  });

  test('PR comments: neither the bodies sent nor the comments stored hold a secret', async () => {
    const secrets = await allSecrets();
    const sent = api.requests.filter((r) => r.body).map((r) => `${r.method} ${r.path}\n${r.body}`);
    const stored = api.on(`octo-org/aws-task-pack#${PR}`).map((c) => c.body);
    expect(sent.length).toBeGreaterThanOrEqual(8);
    expect([...sent, ...stored].flatMap((text, i) => leaksIn(`comment ${i}`, text, secrets))).toEqual([]);
    // The token went where it belongs: the Authorization header, and nowhere else.
    expect(api.requests.every((r) => r.authorization === `token ${GITHUB_TOKEN}`)).toBe(true);
  });

  test('CLI: stdout, stderr and the summary file hold no secret', async () => {
    const secrets = await allSecrets();
    expect(
      cliRuns.flatMap(({ label, result, summary }) => [
        ...leaksIn(`${label} stdout`, result.stdout, secrets),
        ...leaksIn(`${label} stderr`, result.stderr, secrets),
        ...leaksIn(`${label} summary`, summary, secrets),
      ]),
    ).toEqual([]);
    // The presigned links are `***` on stdout, and there for the CLI's user in the manifest file.
    const upload = cliRuns.find((r) => r.label === 'cli-upload')!.result.json!;
    // Typed JSON: `urls` is an object on the CLI's stdout.
    expect(upload.urls).toEqual({ 'cli/docs/read me.txt': '***', 'cli/index.html': '***' });
    const manifest = JSON.parse(await readFile(upload['manifest-path'] as string, 'utf8')) as {
      files: Array<{ url?: string }>;
    };
    expect(manifest.files.map((f) => f.url)).toEqual([
      expect.stringContaining('X-Amz-Signature='),
      expect.stringContaining('X-Amz-Signature='),
    ]);
  });

  test('the scan itself finds a planted secret in a comment, URL-encoded credentials and a CLI line', async () => {
    const secrets = await allSecrets();
    const sts = stsCredentialsReceived(h.proxy.requests);
    const token = sts.find((s) => encodeURIComponent(s) !== s)!;
    expect(leaksIn('x', `body ${DB.text!.slice(0, 40)}`, [DB.text!.slice(0, 40)])).toHaveLength(1);
    expect(
      leaksIn('x', `https://h/k?X-Amz-Security-Token=${encodeURIComponent(token)}`, secrets),
    ).not.toEqual([]);
    expect(leaksIn('x', `{"urls":"${GITHUB_TOKEN}"}`, secrets)).toEqual([`x: ${GITHUB_TOKEN.slice(0, 24)}…`]);
  });
});
