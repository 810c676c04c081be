/**
 * `npm run examples`: writes docs/examples/*.md, the job summaries and PR comments of real runs of
 * every operation (plan, apply, a refused plan, the PR comment) against a local moto_server. The
 * operations run in this process through `runTask` with an in-memory host; the PR comments go to a
 * loopback stand-in for GitHub's API. What changes from run to run (dates, ports, temp paths,
 * durations) is replaced by fixed values, so the files are the same on every run and CI can check
 * them for drift like the README tables.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AnnotationLevel, Host } from '../src/host/host.js';
import { runTask } from '../src/run-task.js';
import { startGitHubApiStub, writePullRequestEvent } from '../test/integration/github-api-stub.js';
import { startMoto } from '../test/support/moto.js';

const OUT = 'docs/examples';
const REGION = 'us-east-1';
const PR = 812;
const FIXED_DAY = '2026-12-04';
const FIXED_TIME = '18:59';
const TEMP = '/home/runner/work/_temp';
const WORKSPACE = '/home/runner/work/demo-app/demo-app';

/** A host that keeps the job summary; everything else is dropped (the examples are about Markdown). */
class ExampleHost implements Host {
  readonly debug = false;
  summary = '';
  constructor(
    private readonly inputs: Record<string, string>,
    readonly env: Record<string, string | undefined>,
    readonly tempDir: string,
  ) {}
  getInput(name: string): string | undefined {
    return this.inputs[name]?.trim() || undefined;
  }
  givenInputs(): Record<string, string> {
    return { ...this.inputs };
  }
  writeLine(): void {}
  annotate(_level: AnnotationLevel, _message: string): void {}
  maskValue(): void {}
  setOutput(): void {}
  exportVariable(): void {}
  async appendSummary(markdown: string): Promise<void> {
    this.summary += markdown;
  }
  canRequestIdToken(): boolean {
    return false;
  }
  requestIdToken(): Promise<string> {
    return Promise.reject(new Error('no ID token in the examples'));
  }
}

interface Example {
  file: string;
  title: string;
  inputs: Record<string, string>;
  /** Write the PR comment instead of the job summary. */
  comment?: boolean;
}

async function main(): Promise<void> {
  Object.assign(process.env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLES',
    AWS_SECRET_ACCESS_KEY: 'examples-secret',
  });
  const moto = await startMoto();
  const api = await startGitHubApiStub();
  process.env.GITHUB_API_URL = api.url;
  const scratch = mkdtempSync(join(tmpdir(), 'atp-examples-'));
  const s3 = new S3Client({
    region: REGION,
    endpoint: moto.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'seed', secretAccessKey: 'seed' },
  });
  const sm = new SecretsManagerClient({
    region: REGION,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'seed', secretAccessKey: 'seed' },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'demo-previews' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'demo-site' }));
    for (let pr = 1; pr <= 6; pr++) {
      // S3 times have whole seconds: the two newest previews are a second newer than the rest.
      if (pr === 5) await new Promise((r) => setTimeout(r, 1100));
      // Written in key order, so the oldest and newest of a second are the same on every run.
      for (const [name, size] of [
        ['app.js', 2000 * pr],
        ['index.html', 900 * pr],
        ['style.css', 300],
      ] as const)
        await s3.send(
          new PutObjectCommand({
            Bucket: 'demo-previews',
            Key: `previews/pr-${pr}/${name}`,
            Body: 'x'.repeat(size),
          }),
        );
    }
    await s3.send(
      new PutObjectCommand({ Bucket: 'demo-site', Key: 'site/index.html', Body: '<h1>old</h1>\n' }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: 'demo-site', Key: 'site/robots.txt', Body: 'User-agent: *\n' }),
    );
    await sm.send(
      new CreateSecretCommand({ Name: 'prod/db', SecretString: '{"user":"app","password":"example"}' }),
    );
    await sm.send(new CreateSecretCommand({ Name: 'prod/api-key', SecretString: 'example-api-key' }));

    const site = join(scratch, 'site');
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>new</h1>\n');
    writeFileSync(join(site, 'robots.txt'), 'User-agent: *\n');
    for (let i = 1; i <= 12; i++)
      writeFileSync(join(site, 'assets', `chunk-${i}.js`), `//${'x'.repeat(400 * i)}\n`);
    const eventPath = await writePullRequestEvent(scratch, PR);

    const common = { 'aws-region': REGION, 'endpoint-url': moto.endpoint, 'force-path-style': 'true' };
    const ensure = {
      ...common,
      operation: 'ensure-bucket',
      versioning: 'enabled',
      tags: 'team=web\ncost-center=42',
    };
    const prune = {
      ...common,
      operation: 'prune',
      bucket: 'demo-previews',
      prefix: 'previews/',
      'group-by': 'folder',
      'keep-latest': '2',
    };
    const upload = {
      ...common,
      operation: 'upload-artifact',
      bucket: 'demo-site',
      path: site,
      'key-prefix': 'site/',
      overwrite: 'if-changed',
      'public-base-url': 'https://demo-site.example.com',
      'cache-control': 'assets/**: public, max-age=31536000, immutable\n**: no-cache',
    };
    const fetch = {
      ...common,
      operation: 'fetch-secret',
      'secret-ids': 'DB,prod/db\nprod/api-key',
      'parse-json': 'true',
    };
    // Order matters: plans first, then the run that changes the state.
    const examples: Example[] = [
      {
        file: 'ensure-bucket-plan.md',
        title: 'ensure-bucket: plan',
        inputs: { ...ensure, bucket: 'demo-new', 'dry-run': 'true' },
      },
      {
        file: 'ensure-bucket-pr-comment.md',
        title: 'ensure-bucket: PR comment',
        inputs: { ...ensure, bucket: 'demo-new', 'dry-run': 'true' },
        comment: true,
      },
      {
        file: 'ensure-bucket-apply.md',
        title: 'ensure-bucket: apply',
        inputs: { ...ensure, bucket: 'demo-new', 'dry-run': 'false' },
      },
      { file: 'prune-plan.md', title: 'prune: plan', inputs: { ...prune } },
      { file: 'prune-pr-comment.md', title: 'prune: PR comment', inputs: { ...prune }, comment: true },
      { file: 'prune-refused.md', title: 'prune: refused plan', inputs: { ...prune, 'max-deletes': '5' } },
      { file: 'prune-apply.md', title: 'prune: apply', inputs: { ...prune, 'dry-run': 'false' } },
      {
        file: 'upload-artifact-plan.md',
        title: 'upload-artifact: plan',
        inputs: { ...upload, 'dry-run': 'true' },
      },
      {
        file: 'upload-artifact-pr-comment.md',
        title: 'upload-artifact: PR comment',
        inputs: { ...upload, 'dry-run': 'true' },
        comment: true,
      },
      {
        file: 'upload-artifact-refused.md',
        title: 'upload-artifact: refused plan',
        inputs: { ...upload, overwrite: 'false', 'dry-run': 'true' },
      },
      { file: 'upload-artifact-apply.md', title: 'upload-artifact: apply', inputs: { ...upload } },
      { file: 'fetch-secret-plan.md', title: 'fetch-secret: plan', inputs: { ...fetch, 'dry-run': 'true' } },
      { file: 'fetch-secret-apply.md', title: 'fetch-secret: apply', inputs: { ...fetch } },
    ];

    mkdirSync(OUT, { recursive: true });
    let step = 0;
    for (const example of examples) {
      const temp = mkdtempSync(join(scratch, 'runner-temp-'));
      const env: Record<string, string | undefined> = {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'octo-org/demo-app',
        GITHUB_RUN_ID: '7001234567',
        GITHUB_RUN_NUMBER: '812',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_WORKFLOW: 'preview',
        GITHUB_JOB: 'preview',
        GITHUB_ACTION: `example-${++step}`,
        GITHUB_SHA: '3f2c9e1a7b4d6c8e0f1a2b3c4d5e6f708192a3b4',
        GITHUB_WORKSPACE: WORKSPACE,
        ...(example.comment
          ? { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath }
          : { GITHUB_EVENT_NAME: 'push' }),
      };
      const inputs = {
        ...example.inputs,
        ...(example.comment ? { 'pr-comment': 'true', 'github-token': 'ghs_examples' } : {}),
      };
      const host = new ExampleHost(inputs, env, temp);
      const before = api.requests.length;
      await runTask(host);
      const posted = api.requests
        .slice(before)
        .filter((r) => r.method !== 'GET' && r.body)
        .map((r) => (JSON.parse(r.body!) as { body: string }).body)
        .at(-1);
      const markdown = example.comment ? (posted ?? '') : host.summary;
      if (!markdown) throw new Error(`${example.title}: nothing was written`);
      writeFileSync(
        join(OUT, example.file),
        normalise(markdown, { moto: moto.endpoint, temp, site, scratch }),
      );
    }
    writeFileSync(join(OUT, 'README.md'), index(examples));
  } finally {
    s3.destroy();
    sm.destroy();
    await api.close();
    await moto.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Fixed values for everything that differs between runs. */
function normalise(
  markdown: string,
  where: { moto: string; temp: string; site: string; scratch: string },
): string {
  return (
    markdown
      .split(where.temp)
      .join(TEMP)
      .split(where.site)
      .join(`${WORKSPACE}/site`)
      .split(where.scratch)
      .join(TEMP)
      .split(where.moto)
      .join('http://127.0.0.1:5000')
      // Prose splits a URL with an invisible joiner (no autolink): match the port on its own.
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:5000')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, `${FIXED_DAY}T${FIXED_TIME}:00.000Z`)
      .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, `${FIXED_DAY} ${FIXED_TIME} UTC`)
      .replace(/\b20\d{2}-\d{2}-\d{2}\b/g, FIXED_DAY)
      .replace(/prune-manifest-([\w-]+?)-\d+-[0-9a-f]{6}\.json/g, 'prune-manifest-$1.json')
      .replace(/aws-task-pack-manifest-\d+-\d+\.json/g, 'aws-task-pack-manifest.json')
      .replace(/\| Time \| [^|]+ \|/g, '| Time | 0.2 s |')
      // The version ids moto makes up.
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, 'EXAMPLE-version-id')
      .trimEnd() + '\n'
  );
}

function index(examples: Example[]): string {
  return [
    '# What a workflow shows',
    '',
    'Generated by `npm run examples` from real runs against a local emulator (moto_server); dates, ports',
    'and paths are fixed so the files only change when the output does. Each file is a job summary or',
    'a PR comment exactly as the action writes it.',
    '',
    ...examples.map((e) => `- [${e.title}](${e.file})`),
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
