/**
 * The CLI end to end: the built `dist/cli.js` runs as another CI would run it (arguments, a clean
 * environment, a working directory), against one moto_server behind the harness's counting proxy.
 * Every operation, web identity through a token file, usage errors, the generated help, the redaction
 * of everything printed, the export file and the exit codes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { inputsFor, OPERATIONS } from '../../src/operations/schema.js';
import { freePort } from '../support/moto.js';
import {
  API_KEY,
  CFG,
  CFG_JSON,
  DB,
  DB_JSON,
  REGION,
  ROLE_ARN,
  STATIC_KEYS,
  type SecretFixture,
} from './fixtures.js';
import { startHarness, stsCredentialsReceived, type Harness, type ProxiedRequest } from './harness.js';
import { allForms, encodings } from './leak.js';
import { cleanUpCliRuns, expectCliExit, runCli, type CliRunResult } from './cli-support.js';
import { isWriteRequest, s3Client, s3Operation, snapshotBucket, uniqueBucket } from './s3-support.js';

/** Quotes, `$`, backticks and a newline: only a correctly quoted export line gives it back intact. */
const QUOTED: SecretFixture = {
  name: 'cli/quoted',
  text: 'it\'s-a-secret-Qw12 $HOME `id` \\n "dq-Lp90"\nsecond-line-Vb55',
};
const FIXTURES = [API_KEY, DB, CFG, QUOTED];
/** Every form of every secret the CLI may read: none may be printed anywhere. */
const SENSITIVE = allForms(FIXTURES);

let h: Harness;
let s3: S3Client;
let scratch: string;

beforeAll(async () => {
  h = await startHarness();
  await h.seed(FIXTURES);
  s3 = s3Client(h.moto.endpoint, REGION);
  scratch = await mkdtemp(join(tmpdir(), 'atp-cli-it-'));
}, 90_000);

afterAll(async () => {
  s3?.destroy();
  await h?.stop();
  await cleanUpCliRuns();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Takes the static keys away: the run finds no credentials but what it is given otherwise. */
const NO_STATIC_KEYS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };

interface Run extends CliRunResult {
  /** Requests that reached the counting proxy during this run. */
  requests: ProxiedRequest[];
}

/**
 * Runs the CLI with static keys, the region and moto behind the counting proxy as `--endpoint-url`
 * (and as AWS_ENDPOINT_URL, so no run can reach anything else).
 */
async function cli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; endpoint?: boolean } = {},
): Promise<Run> {
  const before = h.proxy.requests.length;
  const endpoint = options.endpoint === false ? [] : ['--endpoint-url', h.proxy.endpoint];
  const result = await runCli({
    args: [...args, ...endpoint],
    cwd: options.cwd ?? scratch,
    env: {
      ...STATIC_KEYS,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: h.proxy.endpoint,
      ...options.env,
    },
  });
  return { ...result, requests: h.proxy.requests.slice(before) };
}

/** stdout is exactly one line: the JSON object of the outputs. */
function outputsOf(r: Run): Record<string, unknown> {
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  expect(r.json).toBeDefined();
  return r.json!;
}

/** Exit 1, InvalidInput the only outputs, `mention` on stderr, and no request made. */
function expectInvalidInput(r: Run, mention: string): void {
  expectCliExit(r, 1);
  expect(outputsOf(r)).toEqual({ 'exit-code': 1, 'error-code': 'InvalidInput' });
  expect(r.stderr).toContain(mention);
  expect(r.requests).toEqual([]);
}

function leaksIn(text: string): string[] {
  return SENSITIVE.filter((value) => encodings(value).some((e) => text.includes(e)));
}

const listKeys = async (bucket: string, prefix = ''): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [])
    .map((o) => o.Key!)
    .sort();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------

describe('usage and help', () => {
  /** The `--name` flags a help text lists. */
  const flagsIn = (text: string): string[] =>
    [...text.matchAll(/^ {2}--([a-z0-9-]+)\b/gm)].map((m) => m[1]!).sort();
  const CLI_FLAGS = ['export-file', 'help', 'output', 'summary-file', 'version'];

  test.each([...OPERATIONS])(
    '%s --help lists every input of the operation and the common ones, from the schema',
    async (operation) => {
      const r = await cli([operation, '--help'], { endpoint: false });

      expectCliExit(r, 0);
      const expected = [
        ...inputsFor(operation),
        ...inputsFor('common').filter((n) => n !== 'operation'),
        ...CLI_FLAGS,
      ].sort();
      expect(flagsIn(r.stdout)).toEqual(expected);
      expect(r.stdout).toMatch(new RegExp(`^aws-task-pack ${operation}: `));
      expect(r.stdout).toContain(`Usage: aws-task-pack ${operation} [flags]`);
      expect(r.stdout).toContain('Examples:');
      expect(r.stderr).toBe('');
      expect(r.requests).toEqual([]);
    },
  );

  test('--help, help and help <operation>', async () => {
    const top = await cli(['--help'], { endpoint: false });
    expectCliExit(top, 0);
    expect(flagsIn(top.stdout)).toEqual(CLI_FLAGS);
    expect(top.stdout).toContain("Run 'aws-task-pack <operation> --help' for the flags of an operation.");
    expect((await cli(['help'], { endpoint: false })).stdout).toBe(top.stdout);
    const prune = await cli(['help', 'prune'], { endpoint: false });
    expectCliExit(prune, 0);
    expect(prune.stdout).toBe((await cli(['prune', '--help'], { endpoint: false })).stdout);
  });

  test('--version and -v print the version of package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-v']) {
      const r = await cli([flag], { endpoint: false });
      expectCliExit(r, 0);
      expect(r.stdout).toBe(`aws-task-pack ${pkg.version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  /** Exit 1, the message on stderr, nothing on stdout, not one request. */
  function expectUsageError(r: Run, message: string): void {
    expectCliExit(r, 1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toMatch(/^Usage: aws-task-pack <operation> \[flags\]$/m);
    expect(r.requests).toEqual([]);
  }

  test('a flag that takes a value followed by another flag: exit 1, no request (not the bucket `true`)', async () => {
    const r = await cli(['prune', '--bucket', '--prefix', 'x/', '--keep-latest', '1', '--dry-run', 'false']);

    expectUsageError(r, '--bucket needs a value (--bucket NAME), but is followed by --prefix.');
    expect(r.stderr).toContain("Run 'aws-task-pack prune --help' for its flags.");
  });

  test('a flag that takes a value at the very end: exit 1, no request', async () => {
    const r = await cli(['prune', '--bucket', 'b', '--prefix', 'x/', '--older-than', '1d', '--max-deletes'], {
      endpoint: false,
    });

    expectUsageError(r, '--max-deletes needs a value (--max-deletes N).');
  });

  test('an unknown flag: the closest one suggested, no request', async () => {
    const r = await cli(['upload-artifact', '--bukcet', 'b', '--path', 'x']);

    expectUsageError(r, 'unknown flag --bukcet. Did you mean --bucket?');
    expect(r.stderr).toContain("'aws-task-pack upload-artifact --help'");
  });

  test('a misspelt operation: the closest one suggested, no request', async () => {
    const r = await cli(['prnue', '--bucket', 'b']);

    expectUsageError(r, 'unknown operation "prnue". Did you mean prune?');
  });

  test('an operation that does not exist: exit 1, the list of operations, no request', async () => {
    const r = await cli(['delete-everything', '--bucket', 'b']);

    expectUsageError(r, 'unknown operation "delete-everything". Operations: ensure-bucket, prune');
  });

  test('a second positional argument is a usage error too', async () => {
    const r = await cli(['prune', 'builds/']);

    expectUsageError(r, 'unexpected argument "builds/"');
  });

  test('no operation: exit 1 with a pointer to the help', async () => {
    const r = await cli(['--bucket', 'b'], { endpoint: false });

    expectUsageError(r, 'no operation given.');
    expect(r.stderr).toContain("Run 'aws-task-pack --help'");
  });

  test('an input error is written in flags, once, without a Markdown table', async () => {
    const r = await cli(['prune', '--bucket', uniqueBucket('cli-x'), '--prefix', '']);

    expectCliExit(r, 1);
    expect(r.stderr).toContain('`--prefix`');
    expect(r.stderr).toContain('--allow-whole-bucket');
    expect(r.stderr).not.toContain('allow-whole-bucket: true');
    expect(r.stderr).not.toMatch(/^\|/m);
    expect(r.requests).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('ensure-bucket', () => {
  const bucket = uniqueBucket('cli-eb');

  test('flags (a repeated flag is several lines): creates the bucket; outputs on stdout, logs and summary on stderr', async () => {
    const r = await cli([
      'ensure-bucket',
      '--bucket',
      bucket,
      '--force-path-style',
      '--versioning=enabled',
      '--tags',
      'team=ci',
      '--tags',
      'cost-center=42',
    ]);

    expectCliExit(r, 0);
    expect(outputsOf(r)).toMatchObject({
      'bucket-arn': `arn:aws:s3:::${bucket}`,
      created: true,
      changed: true,
      'dry-run': false,
      'exit-code': 0,
      'error-code': '',
    });
    expect(r.requests.some((q) => s3Operation(q) === 'CreateBucket')).toBe(true);
    expect(r.stderr).toContain(`Created ${bucket}`);
    expect(r.stderr).toMatch(/^✅ ensure-bucket: Created: /m);
    expect(r.stderr).not.toMatch(/^#{1,6} /m);
    const snapshot = await snapshotBucket(s3, bucket);
    expect(snapshot.versioning).toBe('Enabled');
    expect(snapshot.tags).toEqual({ team: 'ci', 'cost-center': '42' });
  });

  test('inputs from AWS_TASK_PACK_* variables, a flag wins over its variable; --summary-file and --output text', async () => {
    const summaryFile = join(scratch, 'eb-summary.md');
    const r = await cli(
      ['ensure-bucket', '--bucket', bucket, '--summary-file', summaryFile, '--output', 'text'],
      {
        env: {
          AWS_TASK_PACK_BUCKET: 'Not_A_Valid_Bucket',
          AWS_TASK_PACK_DRY_RUN: 'true',
          AWS_TASK_PACK_FORCE_PATH_STYLE: 'true',
          AWS_TASK_PACK_VERSIONING: 'suspended',
        },
      },
    );

    expectCliExit(r, 0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => /^[a-z-]+=/.test(l))).toBe(true);
    const outputs = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // --output text: the strings the action would set.
    expect(outputs).toMatchObject({ 'dry-run': 'true', created: 'false', changed: 'true', 'exit-code': '0' });
    expect(JSON.parse(outputs.changes!)).toEqual([
      expect.objectContaining({ setting: 'versioning', op: '~', to: 'Suspended' }),
    ]);
    // Dry run: reads only.
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect((await snapshotBucket(s3, bucket)).versioning).toBe('Enabled');
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toMatch(/^### 📋 ensure-bucket: /);
    expect(r.stderr).not.toContain('### ');
  });

  test('an invalid bucket name: exit 1 before any request', async () => {
    const r = await cli(['ensure-bucket', '--bucket', 'Bad_Bucket']);

    expectInvalidInput(r, 'bucket');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('upload-artifact', () => {
  const bucket = uniqueBucket('cli-up');
  let work: string;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    work = join(scratch, 'upload-work');
    await mkdir(join(work, 'dist', 'assets'), { recursive: true });
    await writeFile(join(work, 'dist', 'index.html'), '<!doctype html><title>t</title>\n');
    await writeFile(join(work, 'dist', 'assets', 'app.js'), 'console.log(1);\n');
    await writeFile(join(work, 'dist', 'assets', 'app.js.map'), '{}\n');
  });

  test('--dry-run as a bare flag: the plan on stderr, nothing uploaded', async () => {
    const r = await cli(
      ['upload-artifact', '--bucket', bucket, '--force-path-style', '--path', 'dist/**', '--dry-run'],
      { cwd: work },
    );

    expectCliExit(r, 0);
    expect(outputsOf(r)).toMatchObject({ 'dry-run': true, 'uploaded-count': 3 });
    expect(r.stderr).toContain(`(dryrun) upload: index.html to s3://${bucket}/index.html`);
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect(await listKeys(bucket)).toEqual([]);
  });

  test('relative globs from the working directory, `!` excludes, a versioned key prefix', async () => {
    const r = await cli(
      [
        'upload-artifact',
        '--bucket',
        bucket,
        '--force-path-style',
        '--path',
        'dist/**',
        '--path=!dist/**/*.map',
        '--key-prefix',
        'releases/v1.2.3/',
      ],
      { cwd: work },
    );

    expectCliExit(r, 0);
    expect(outputsOf(r)).toMatchObject({
      'dry-run': false,
      'uploaded-count': 2,
      'key-prefix': 'releases/v1.2.3/',
      's3-uri': `s3://${bucket}/releases/v1.2.3/`,
      'exit-code': 0,
    });
    expect(await listKeys(bucket)).toEqual(['releases/v1.2.3/assets/app.js', 'releases/v1.2.3/index.html']);
    const manifest = JSON.parse(await readFile(r.json!['manifest-path'] as string, 'utf8')) as unknown;
    expect(JSON.stringify(manifest)).toContain('releases/v1.2.3/index.html');
  });

  test('many files at once on Node 20: no MaxListenersExceededWarning, no SDK Node-version notice', async () => {
    const many = join(scratch, 'many-files');
    await mkdir(many, { recursive: true });
    for (let i = 0; i < 40; i++) await writeFile(join(many, `f${i}.txt`), `file ${i}\n`);
    const r = await cli([
      'upload-artifact',
      '--bucket',
      bucket,
      '--force-path-style',
      '--path',
      many,
      '--key-prefix',
      'many/',
    ]);

    expectCliExit(r, 0);
    expect(outputsOf(r)['uploaded-count']).toBe(40);
    expect(r.stderr).not.toContain('MaxListenersExceededWarning');
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    expect(r.stderr).not.toMatch(/\(node:\d+\) /);
  });

  test('a bucket that does not exist: exit 5 (NoSuchBucket)', async () => {
    const r = await cli(
      ['upload-artifact', '--bucket', uniqueBucket('cli-none'), '--force-path-style', '--path', 'dist/**'],
      { cwd: work },
    );

    expectCliExit(r, 5);
    expect(outputsOf(r)).toMatchObject({ 'exit-code': 5, 'error-code': 'NoSuchBucket' });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('prune', () => {
  const bucket = uniqueBucket('cli-prune');
  const OLD = ['builds/old-1.zip', 'builds/old-2.zip', 'builds/old-3.zip'];
  const FRESH = ['builds/fresh-1.zip', 'builds/fresh-2.zip'];
  const OUTSIDE = ['other/old.zip'];
  let cutoff: string;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const Key of [...OLD, ...OUTSIDE])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `body of ${Key}` }));
    // S3 keeps LastModified to the second: the cutoff sits a whole second after the old batch and
    // a whole second before the fresh one.
    await sleep(1100);
    cutoff = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await sleep(1100);
    for (const Key of FRESH) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'fresh' }));
  }, 30_000);

  /** Prunes what under builds/ is older than the cutoff. */
  const pruneBuilds = (...flags: string[]): Promise<Run> =>
    cli([
      'prune',
      '--bucket',
      bucket,
      '--force-path-style',
      '--prefix',
      'builds/',
      '--older-than',
      cutoff,
      ...flags,
    ]);

  test('dry-run is the default: the plan, counts, nothing deleted', async () => {
    const r = await pruneBuilds();

    expectCliExit(r, 0);
    expect(outputsOf(r)).toMatchObject({
      'dry-run': true,
      'planned-count': 3,
      'deleted-count': 0,
      'kept-count': 2,
      'exit-code': 0,
    });
    for (const key of OLD) expect(r.stderr).toContain(`(dryrun) delete: s3://${bucket}/${key}`);
    expect(r.stderr).not.toContain('fresh-1.zip  [');
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect(await listKeys(bucket)).toEqual([...FRESH, ...OLD, ...OUTSIDE].sort());
  });

  test('max-deletes below the plan: exit 7, also in dry-run', async () => {
    const r = await pruneBuilds('--max-deletes', '2');

    expectCliExit(r, 7);
    expect(outputsOf(r)['exit-code']).toBe(7);
    expect(await listKeys(bucket)).toHaveLength(6);
  });

  test('--dry-run false deletes what is older than --older-than under --prefix, and nothing else', async () => {
    const r = await pruneBuilds('--dry-run', 'false');

    expectCliExit(r, 0);
    expect(outputsOf(r)).toMatchObject({ 'dry-run': false, 'deleted-count': 3, 'exit-code': 0 });
    expect(await listKeys(bucket)).toEqual([...FRESH, ...OUTSIDE].sort());
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fetch-secret', () => {
  const ids = [
    '--secret-ids',
    `KEY,${API_KEY.name}`,
    '--secret-ids',
    `DB,${DB.name}`,
    '--secret-ids',
    `QUOTED,${QUOTED.name}`,
  ];

  test('outputs are *** on stdout; the export file holds the values, shell-quoted, mode 0600', async () => {
    const exportFile = join(scratch, 'fs-export.sh');
    const summaryFile = join(scratch, 'fs-summary.md');
    const r = await cli([
      'fetch-secret',
      ...ids,
      '--parse-json',
      '--json-keys',
      'password',
      '--export-file',
      exportFile,
      '--summary-file',
      summaryFile,
    ]);

    expectCliExit(r, 0);
    const outputs = outputsOf(r);
    expect(outputs).toMatchObject({
      'secret-count': 3,
      KEY: '***',
      DB_PASSWORD: '***',
      QUOTED: '***',
      'exit-code': 0,
    });
    // Typed JSON: the list is a list, not a string holding one.
    expect(outputs.variables).toEqual(['KEY', 'DB_PASSWORD', 'QUOTED']);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toMatch(/^### ✅ fetch-secret: /);
    expect(leaksIn(r.stdout)).toEqual([]);
    expect(leaksIn(r.stderr)).toEqual([]);
    expect(leaksIn(summary)).toEqual([]);

    expect((await stat(exportFile)).mode & 0o777).toBe(0o600);
    const exported = await readFile(exportFile, 'utf8');
    expect(
      exported
        .split('\n')
        .filter((l) => l.startsWith('export '))
        .map((l) => l.split('=')[0]),
    ).toEqual(['export KEY', 'export DB_PASSWORD', 'export QUOTED']);
    // What a later shell step gets back from it, byte for byte.
    const read = (name: string): string =>
      execFileSync('sh', ['-c', `. "$1" && printf '%s' "$${name}"`, 'sh', exportFile], {
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
      });
    expect(read('KEY')).toBe(API_KEY.text);
    expect(read('DB_PASSWORD')).toBe(DB_JSON.password);
    expect(read('QUOTED')).toBe(QUOTED.text);
  });

  test('--output text: redacted key=value lines; without --export-file nothing is written', async () => {
    const r = await cli([
      'fetch-secret',
      '--secret-ids',
      CFG.name,
      '--parse-json',
      'true',
      '--output',
      'text',
    ]);

    expectCliExit(r, 0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'CFG_SERVICE_USER=***',
        'CFG_SERVICE_PASSWORD=***',
        'CFG_SERVICE_NESTED_TOKEN=***',
      ]),
    );
    for (const value of [CFG_JSON.user, CFG_JSON.password, CFG_JSON.nested.token, CFG_JSON.nested.other])
      expect(r.stdout + r.stderr).not.toContain(value);
    expect(leaksIn(r.stdout + r.stderr)).toEqual([]);
  });

  test('a missing secret: exit 5 (ResourceNotFoundException), nothing exported', async () => {
    const exportFile = join(scratch, 'fs-missing.sh');
    const r = await cli([
      'fetch-secret',
      '--secret-ids',
      API_KEY.name,
      '--secret-ids',
      'app/no-such-secret',
      '--export-file',
      exportFile,
    ]);

    expectCliExit(r, 5);
    // Failed while applying: the outcome route, so `dry-run` is set beside the exit and error codes.
    expect(outputsOf(r)).toEqual({
      'dry-run': false,
      'exit-code': 5,
      'error-code': 'ResourceNotFoundException',
    });
    expect(r.stderr).toContain('app/no-such-secret');
    expect(await readFile(exportFile, 'utf8')).toBe('');
    expect(leaksIn(r.stdout + r.stderr)).toEqual([]);
  });

  describe('web identity from a token file', () => {
    let tokenFile: string;
    const TOKEN = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGktdGVzdCJ9.sig-${Date.now()}-Yt62Kq`;

    beforeAll(async () => {
      tokenFile = join(scratch, 'web-identity-token');
      await writeFile(tokenFile, `${TOKEN}\n`);
    });

    /** AssumeRoleWithWebIdentity, then the secret read with the keys STS handed out, never the static ones. */
    function expectWebIdentity(r: Run): void {
      expectCliExit(r, 0);
      const assume = r.requests.filter((q) => q.operation === 'AssumeRoleWithWebIdentity');
      expect(assume).toHaveLength(1);
      expect(decodeURIComponent(assume[0]!.body)).toContain(`WebIdentityToken=${TOKEN}`);
      expect(decodeURIComponent(assume[0]!.body)).toContain(`RoleArn=${ROLE_ARN}`);
      const issued = stsCredentialsReceived(r.requests)[0];
      const reads = r.requests.filter((q) => /GetSecretValue$/.test(q.operation));
      expect(reads.length).toBeGreaterThan(0);
      for (const q of reads) expect(q.accessKeyId).toBe(issued);
      expect(outputsOf(r)).toMatchObject({ KEY: '***', 'exit-code': 0 });
      // The token and the session credentials are redacted like secrets.
      for (const value of [TOKEN, ...stsCredentialsReceived(r.requests)])
        expect(r.stdout + r.stderr).not.toContain(value);
    }

    test('AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, as other CIs and Kubernetes set them', async () => {
      const r = await cli(['fetch-secret', '--secret-ids', `KEY,${API_KEY.name}`], {
        env: {
          ...NO_STATIC_KEYS,
          AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
          AWS_ROLE_ARN: ROLE_ARN,
        },
      });
      expectWebIdentity(r);
    });

    test('--web-identity-token-file and --role-to-assume', async () => {
      const r = await cli(
        [
          'fetch-secret',
          '--secret-ids',
          `KEY,${API_KEY.name}`,
          '--web-identity-token-file',
          tokenFile,
          '--role-to-assume',
          ROLE_ARN,
        ],
        { env: NO_STATIC_KEYS },
      );
      expectWebIdentity(r);
    });

    test('--web-identity-token-file with AWS_ROLE_ARN', async () => {
      const r = await cli(
        ['fetch-secret', '--secret-ids', `KEY,${API_KEY.name}`, '--web-identity-token-file', tokenFile],
        {
          env: { ...NO_STATIC_KEYS, AWS_ROLE_ARN: ROLE_ARN },
        },
      );
      expectWebIdentity(r);
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('exit codes are the action’s', () => {
  test('1: invalid input, before any request', async () => {
    const r = await cli(['prune', '--bucket', uniqueBucket('cli-x'), '--prefix', 'p/']);

    expectCliExit(r, 1);
    expect(r.json).toEqual({ 'exit-code': 1, 'error-code': 'InvalidInput' });
    expect(r.stderr).toContain('older-than');
    expect(r.requests).toEqual([]);
  });

  test('2: no credentials anywhere', async () => {
    const r = await cli(['fetch-secret', '--secret-ids', API_KEY.name, '--max-attempts', '1'], {
      env: NO_STATIC_KEYS,
    });

    expectCliExit(r, 2);
    expect(r.json?.['exit-code']).toBe(2);
  });

  test('3: nothing listens on the endpoint', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await cli(
      ['fetch-secret', '--secret-ids', API_KEY.name, '--max-attempts', '1', '--endpoint-url', closed],
      { endpoint: false, env: { AWS_ENDPOINT_URL: closed } },
    );

    expectCliExit(r, 3);
    expect(r.json?.['exit-code']).toBe(3);
  });

  test('4: an account not in allowed-account-ids', async () => {
    const r = await cli([
      'fetch-secret',
      '--secret-ids',
      API_KEY.name,
      '--allowed-account-ids',
      '000000000000',
    ]);

    expectCliExit(r, 4);
    expect(r.json).toMatchObject({ 'exit-code': 4, 'error-code': 'AccountNotAllowed' });
    expect(r.requests.some((q) => /GetSecretValue$/.test(q.operation))).toBe(false);
  });

  test('5: a secret that does not exist', async () => {
    const r = await cli(['fetch-secret', '--secret-ids', 'app/absent']);

    expectCliExit(r, 5);
    expect(r.json).toEqual({ 'dry-run': false, 'exit-code': 5, 'error-code': 'ResourceNotFoundException' });
  });
});
