/**
 * `pr-comment` end to end: the built bundle (dist/index.js) runs as the runner runs it on a
 * `pull_request` event (an event payload file), against moto behind the counting proxy, with a
 * loopback stand-in for GitHub's REST API as `GITHUB_API_URL`. One sticky comment per job and step,
 * found again by its marker; the body is the job summary's renderer, redacted and capped; a token
 * that may not comment is a warning; outside pull request events nothing is posted.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { API_KEY, DB, REGION, TEST_CREDENTIALS } from './fixtures.js';
import {
  startGitHubApiStub,
  writePullRequestEvent,
  type GitHubApiStub,
  type StubComment,
} from './github-api-stub.js';
import {
  expectExit,
  startHarness,
  unescapeCommandData,
  type Harness,
  type RunResult,
  type RunSpec,
} from './harness.js';
import { allForms, encodings } from './leak.js';
import { s3Client, uniqueBucket } from './s3-support.js';

const PR = 17;
const ISSUE = `octo-org/aws-task-pack#${PR}`;
const TOKEN = 'ghs_prCommentTestToken0123456789abcdef';
const READ_ONLY_TOKEN = 'ghs_readOnlyForkToken0123456789abcdef';
/** GitHub's limit on a comment body. */
const GITHUB_LIMIT = 65_536;

let h: Harness;
let api: GitHubApiStub;
let s3: S3Client;
let scratch: string;
let eventFile: string;
const bucket = uniqueBucket('prc');
/** A secret whose value also appears in the summary (the endpoint URL, in the "Endpoint" row). */
let endpointSecret: string;

beforeAll(async () => {
  h = await startHarness();
  api = await startGitHubApiStub();
  await h.seed([API_KEY, DB]);
  endpointSecret = h.proxy.endpoint;
  await h
    .secrets()
    .send(new CreateSecretCommand({ Name: 'internal/endpoint', SecretString: endpointSecret }));
  s3 = s3Client(h.moto.endpoint, REGION);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  scratch = await mkdtemp(join(tmpdir(), 'atp-prc-it-'));
  eventFile = await writePullRequestEvent(scratch, PR);
}, 90_000);

afterAll(async () => {
  s3?.destroy();
  await api?.close();
  await h?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  api.requests.length = 0;
});

/**
 * A run on a pull_request event with static keys and moto behind the proxy. Every run points
 * `GITHUB_API_URL` at the stub, whatever the event, so nothing can reach anything else.
 */
function run(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  const spec: RunSpec = {
    idToken: false,
    inputs: {
      'aws-region': REGION,
      'endpoint-url': h.proxy.endpoint,
      'force-path-style': 'true',
      'pr-comment': 'true',
      'github-token': TOKEN,
      ...inputs,
    },
    credentials: TEST_CREDENTIALS,
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_WORKFLOW: 'preview',
      GITHUB_JOB: 'plan',
      GITHUB_ACTION: 'bucket-plan',
      ...env,
    },
  };
  return h.run(spec);
}

const markerOf = (workflow: string, job: string, step: string): string =>
  `<!-- aws-task-pack:${workflow}/${job}/${step} -->`;
const ours = (): StubComment[] => api.on(ISSUE).filter((c) => c.body.startsWith('<!-- aws-task-pack:'));
const apiCalls = (): string[] => api.requests.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`);
const warnings = (r: RunResult): string[] =>
  r.stdoutLines
    .filter((l) => l.startsWith('::warning'))
    .map((l) => unescapeCommandData(l.slice(l.indexOf('::', 2) + 2)));

describe('a sticky comment per job and step', () => {
  const ensureDryRun = { operation: 'ensure-bucket', bucket, 'dry-run': 'true', versioning: 'enabled' };
  let human: StubComment;

  beforeAll(() => {
    // The PR already has a human's comment, and more than one page of them.
    human = api.seed(ISSUE, 'LGTM, but please check the bucket settings');
    for (let i = 0; i < 120; i++) api.seed(ISSUE, `comment ${i}`, i % 2 ? 'octocat' : 'renovate[bot]');
  });

  test('first run: creates the comment, marker first, then the job summary’s Markdown', async () => {
    const r = await run(ensureDryRun);

    expectExit(r, 0);
    expect(ours()).toHaveLength(1);
    const [comment] = ours();
    const marker = markerOf('preview', 'plan', 'bucket-plan');
    expect(comment!.body.startsWith(`${marker}\n`)).toBe(true);
    // The same renderer as the job summary, for another reader: the comment adds the commit, the run,
    // the job and step and the time, and leaves out what only the runner needs.
    const headline = (md: string): string => md.trim().split('\n')[0]!;
    expect(headline(comment!.body.slice(marker.length + 1))).toBe(headline(r.summary));
    expect(r.summary).toContain('| Endpoint |');
    expect(comment!.body).not.toMatch(/\| (Endpoint|Credentials|Read requests) \|/);
    expect(comment!.body).toMatch(/^### 📋 ensure-bucket: Plan: /m);
    expect(comment!.body).toMatch(/commit `[0-9a-f]{7}` · \[run\]\(https:\/\//);
    expect(comment!.body).toContain('versioning');
    expect(apiCalls()).toEqual([
      'GET /repos/octo-org/aws-task-pack/issues/17/comments',
      'GET /repos/octo-org/aws-task-pack/issues/17/comments',
      'POST /repos/octo-org/aws-task-pack/issues/17/comments',
    ]);
    expect(api.requests.every((q) => q.authorization === `token ${TOKEN}`)).toBe(true);
    expect(r.stdout).toContain(`Commented the preview on #${PR}`);
    // The token is masked for the runner before anything could print it.
    expect(r.stdoutLines).toContain(`::add-mask::${TOKEN}`);
  });

  test('second run (a new push): the same comment is updated, found on the second page; no new one', async () => {
    const before = { ...ours()[0]! };
    const r = await run(
      { ...ensureDryRun, tags: 'team=preview' },
      { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' },
    );

    expectExit(r, 0);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(before.id);
    expect(ours()[0]!.body).toContain('tags.team');
    expect(ours()[0]!.body).not.toBe(before.body);
    expect(apiCalls()).toEqual([
      'GET /repos/octo-org/aws-task-pack/issues/17/comments',
      'GET /repos/octo-org/aws-task-pack/issues/17/comments',
      // Whose token this is: not a user, not an app that GraphQL names, so the workflow's own.
      'GET /user',
      'POST /graphql',
      `PATCH /repos/octo-org/aws-task-pack/issues/comments/${before.id}`,
    ]);
    expect(r.stdout).toContain(`Updated the preview comment on #${PR}`);
    // Nobody else's comment was touched.
    expect(api.on(ISSUE).find((c) => c.id === human.id)!.body).toBe(
      'LGTM, but please check the bucket settings',
    );
    expect(api.on(ISSUE)).toHaveLength(122);
  });

  test('another step of the same job gets its own comment', async () => {
    const r = await run(ensureDryRun, { GITHUB_ACTION: 'second-plan' });

    expectExit(r, 0);
    expect(ours().map((c) => c.body.split('\n')[0])).toEqual([
      markerOf('preview', 'plan', 'bucket-plan'),
      markerOf('preview', 'plan', 'second-plan'),
    ]);
  });

  test('a workflow name with `-->` cannot end the marker early', async () => {
    const r = await run(ensureDryRun, { GITHUB_WORKFLOW: 'odd --->name', GITHUB_ACTION: 'odd-step' });

    expectExit(r, 0);
    const created = ours().at(-1)!;
    const firstLine = created.body.split('\n')[0]!;
    expect(firstLine).toBe(markerOf('odd ->name', 'plan', 'odd-step'));
    expect(firstLine.indexOf('-->')).toBe(firstLine.length - 3);
  });

  test('pull_request_target events comment too', async () => {
    const r = await run(ensureDryRun, {
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_ACTION: 'target-plan',
    });

    expectExit(r, 0);
    expect(ours().some((c) => c.body.startsWith(markerOf('preview', 'plan', 'target-plan')))).toBe(true);
  });
});

describe('only a comment written by the token’s own identity is ours', () => {
  const ensureDryRun = { operation: 'ensure-bucket', bucket, 'dry-run': 'true' };
  const PAT = 'ghp_personalTokenOfDeployUser0123456789';
  const APP_TOKEN = 'ghs_installationTokenOfReleaseApp0123';

  beforeAll(() => {
    api.users.set(PAT, 'deploy-user');
    api.apps.set(APP_TOKEN, 'release-app');
  });

  test('a marker planted by someone else changes nothing: their comment stays, ours is created', async () => {
    const marker = markerOf('preview', 'plan', 'planted');
    const planted = api.seed(ISSUE, `${marker}\nplease approve [this](https://evil.example)`, 'mallory');
    const bot = api.seed(ISSUE, `${marker}\nanother bot's text`, 'renovate[bot]');
    const r = await run(ensureDryRun, { GITHUB_ACTION: 'planted' });

    expectExit(r, 0);
    expect(api.on(ISSUE).find((c) => c.id === planted.id)!.body).toBe(
      `${marker}\nplease approve [this](https://evil.example)`,
    );
    expect(api.on(ISSUE).find((c) => c.id === bot.id)!.body).toBe(`${marker}\nanother bot's text`);
    expect(apiCalls().filter((c) => c.startsWith('PATCH'))).toEqual([]);
    const mine = api.on(ISSUE).filter((c) => c.body.startsWith(marker) && c.user === 'github-actions[bot]');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toMatch(/^### 📋 ensure-bucket: Plan: /m);

    // The next push updates our comment, still not theirs.
    const again = await run({ ...ensureDryRun, tags: 'team=x' }, { GITHUB_ACTION: 'planted' });
    expectExit(again, 0);
    expect(apiCalls().filter((c) => c.startsWith('PATCH'))).toEqual([
      `PATCH /repos/octo-org/aws-task-pack/issues/comments/${mine[0]!.id}`,
    ]);
    expect(api.on(ISSUE).find((c) => c.id === planted.id)!.body).toContain('please approve');
  });

  test('a personal token: the comment of that user (GET /user) is ours, a github-actions[bot] one is not', async () => {
    const marker = markerOf('preview', 'plan', 'pat-step');
    const actions = api.seed(ISSUE, `${marker}\nolder, by the workflow token`, 'github-actions[bot]');
    const users = api.seed(ISSUE, `${marker}\nolder, by the PAT`, 'deploy-user');
    const r = await run({ ...ensureDryRun, 'github-token': PAT }, { GITHUB_ACTION: 'pat-step' });

    expectExit(r, 0);
    expect(apiCalls().filter((c) => c.startsWith('PATCH'))).toEqual([
      `PATCH /repos/octo-org/aws-task-pack/issues/comments/${users.id}`,
    ]);
    expect(api.on(ISSUE).find((c) => c.id === actions.id)!.body).toContain('older, by the workflow token');
  });

  test('an app installation token: the app’s bot (GraphQL viewer) is its identity', async () => {
    const marker = markerOf('preview', 'plan', 'app-step');
    // The planted one comes first, as a marker search alone would find it.
    api.seed(ISSUE, `${marker}\nplanted`, 'mallory');
    const appComment = api.seed(ISSUE, `${marker}\nolder, by the app`, 'release-app[bot]');
    const r = await run({ ...ensureDryRun, 'github-token': APP_TOKEN }, { GITHUB_ACTION: 'app-step' });

    expectExit(r, 0);
    expect(apiCalls().filter((c) => c.startsWith('PATCH'))).toEqual([
      `PATCH /repos/octo-org/aws-task-pack/issues/comments/${appComment.id}`,
    ]);
  });
});

describe('redaction', () => {
  test('a registered secret that also appears in the summary is *** in the comment; no secret value anywhere', async () => {
    const r = await run(
      {
        operation: 'fetch-secret',
        'secret-ids': `ENDPOINT,internal/endpoint\nKEY,${API_KEY.name}\nDB,${DB.name}`,
        'parse-json': 'true',
      },
      { GITHUB_ACTION: 'secrets' },
    );

    expectExit(r, 0);
    const comment = ours().find((c) => c.body.startsWith(markerOf('preview', 'plan', 'secrets')));
    expect(comment).toBeDefined();
    const body = comment!.body;
    // The summary's Endpoint row carries the endpoint URL, which is also a secret's value; the
    // comment leaves the endpoint out (a runner-only fact).
    expect(r.summary).toMatch(/^\| Endpoint \| \*\*\* \|$/m);
    expect(body).not.toContain('| Endpoint |');
    expect(body).not.toContain(endpointSecret);
    for (const value of [...allForms([API_KEY, DB]), TOKEN, TEST_CREDENTIALS.secretAccessKey])
      for (const e of encodings(value)) expect(body).not.toContain(e);
    // Whatever reached the API, in any request.
    for (const q of api.requests) {
      expect(q.body ?? '').not.toContain(endpointSecret);
      expect(q.body ?? '').not.toContain(API_KEY.text!);
    }
  });

  test('a fetch-secret dry run: names, never values', async () => {
    const r = await run(
      { operation: 'fetch-secret', 'secret-ids': `KEY,${API_KEY.name}`, 'dry-run': 'true' },
      { GITHUB_ACTION: 'secrets-dry-run' },
    );

    expectExit(r, 0);
    const body = ours().find((c) => c.body.startsWith(markerOf('preview', 'plan', 'secrets-dry-run')))!.body;
    expect(body).toMatch(/^### 📋 fetch-secret: Plan: /m);
    expect(body).toContain(API_KEY.name);
    expect(body).not.toContain(API_KEY.text!);
  });
});

describe('a token that may not comment (a fork’s pull request)', () => {
  test('403: one warning naming the permission, the step still succeeds', async () => {
    api.forbiddenTokens.add(READ_ONLY_TOKEN);
    const count = api.on(ISSUE).length;
    const r = await run(
      { operation: 'ensure-bucket', bucket, 'dry-run': 'true', 'github-token': READ_ONLY_TOKEN },
      { GITHUB_ACTION: 'fork-plan' },
    );

    expectExit(r, 0);
    expect(r.outputs['exit-code']).toBe('0');
    expect(api.requests.map((q) => q.status)).toEqual([403]);
    expect(api.on(ISSUE)).toHaveLength(count);
    const warned = warnings(r).filter((w) => w.includes(`#${PR}`));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('HTTP 403');
    expect(warned[0]).toContain('pull-requests: write');
    expect(r.stdout).not.toContain('::error');
    // The job summary is still written.
    expect(r.summary).toMatch(/^### 📋 ensure-bucket: /);
  });
});

describe('length cap', () => {
  const FILES = 3000;
  let dir: string;

  beforeAll(async () => {
    dir = join(scratch, 'many');
    for (let d = 0; d < 10; d++)
      await mkdir(join(dir, `directory-with-a-long-name-${d}`), { recursive: true });
    for (let i = 0; i < FILES; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          writeFile(
            join(dir, `directory-with-a-long-name-${(i + j) % 10}`, `generated-file-number-${i + j}.txt`),
            `${i + j}\n`,
          ),
        ),
      );
  }, 60_000);

  test('an upload dry-run of 3,000 files: a comment under 65,536 characters, pointing to the job summary', async () => {
    const r = await run(
      {
        operation: 'upload-artifact',
        bucket,
        path: dir,
        'dry-run': 'true',
        'key-prefix': 'previews/pr-{pr_number}/',
      },
      { GITHUB_ACTION: 'upload-plan' },
    );

    expectExit(r, 0);
    expect(r.outputs['uploaded-count']).toBe(String(FILES));
    const body = ours().find((c) => c.body.startsWith(markerOf('preview', 'plan', 'upload-plan')))!.body;
    expect(body.length).toBeLessThan(GITHUB_LIMIT);
    expect(body).toContain('previews/pr-17/');
    const cut = /_(\d+) more lines not shown; the full list is in the job summary\._/.exec(body);
    expect(cut).not.toBeNull();
    const shown = body
      .split('\n')
      .filter((l) => l.startsWith('+ ') && l.includes('generated-file-number-')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown + Number(cut![1])).toBe(FILES);
    // The job summary, with its own larger limit, shows more than the comment.
    expect(r.summary.length).toBeGreaterThan(body.length);
  });
});

describe('outside pull request events', () => {
  test('push: nothing is posted, no request to the API', async () => {
    const r = await run(
      { operation: 'ensure-bucket', bucket, 'dry-run': 'true' },
      { GITHUB_EVENT_NAME: 'push', GITHUB_ACTION: 'push-plan' },
    );

    expectExit(r, 0);
    expect(api.requests).toEqual([]);
    expect(r.summary).toMatch(/^### 📋 ensure-bucket: /);
  });

  test('pull_request with pr-comment false: nothing is posted', async () => {
    const r = await run(
      { operation: 'ensure-bucket', bucket, 'dry-run': 'true', 'pr-comment': 'false' },
      { GITHUB_ACTION: 'no-comment' },
    );

    expectExit(r, 0);
    expect(api.requests).toEqual([]);
  });
});
