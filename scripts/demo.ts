/**
 * `npm run demo`: every operation as a workflow step would run it, against a local AWS emulator
 * (moto_server). Each step is the built dist/index.js started the way the Actions runner starts it
 * (INPUT_* variables, GITHUB_OUTPUT/ENV/STEP_SUMMARY files, a GitHub OIDC token endpoint); the demo
 * then shows what the workflow's user sees: the log as the runner displays it (workflow commands
 * consumed, registered secrets as ***), the job summary as text, and the outputs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { summaryAsText } from '../src/cli/terminal-summary.js';
import { findMotoServer, MOTO_MISSING } from '../test/support/moto-install.js';
import { startMoto } from '../test/support/moto.js';

const started = Date.now();
// The runner starts the action on node24, where the SDK has no Node-version notice to give; the
// demo may run on Node 20, so that notice would be noise no workflow shows.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const REQUEST_TOKEN = 'demo-request-token';
const tty = process.stdout.isTTY === true && !process.env.NO_COLOR;
const bold = (s: string): string => (tty ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s: string): string => (tty ? `\u001b[2m${s}\u001b[22m` : s);

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Why dist/ must be rebuilt first, or undefined when it is fresh. A clean checkout is fresh as it is
 * (CI refuses a dist/ that differs from a build of src/); with local changes, dist/ is fresh when it
 * was built after the newest file of src/.
 */
function staleDist(): string | undefined {
  let stat;
  try {
    stat = statSync('dist/index.js');
  } catch {
    return 'dist/index.js is missing';
  }
  const git = spawnSync('git', ['status', '--porcelain', '--', 'src', 'dist'], { encoding: 'utf8' });
  if (git.status === 0 && git.stdout.trim() === '') return undefined;
  return newest('src') > stat.mtimeMs ? 'src/ changed after dist/ was built' : undefined;
}

function startTokenEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}` || !url.searchParams.get('audience')) {
      res.writeHead(401).end();
      return;
    }
    const claims = { sub: 'repo:demo/app:ref:refs/heads/main', aud: url.searchParams.get('audience') };
    const jwt = ['{"alg":"RS256"}', JSON.stringify(claims), 'signature']
      .map((p) => Buffer.from(p).toString('base64url'))
      .join('.');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}/token?api-version=2.0`, server });
    }),
  );
}

/** The runner's unescaping of workflow-command data. */
const unescapeData = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/**
 * The step's output as the Actions log shows it: `::add-mask::` lines are consumed (their values
 * become *** in everything after), annotations get their label, groups their title, debug lines
 * stay hidden.
 */
class RunnerLog {
  readonly masks = new Set<string>();
  maskCommands = 0;

  mask(text: string): string {
    let out = text;
    for (const value of [...this.masks].sort((a, b) => b.length - a.length))
      if (value) out = out.split(value).join('***');
    return out;
  }

  line(raw: string): string | undefined {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(raw);
    if (!command) return this.mask(raw);
    const [, name, data] = command;
    const text = unescapeData(data!);
    if (name === 'add-mask') {
      this.masks.add(text);
      for (const line of text.split(/\r?\n/)) this.masks.add(line);
      this.maskCommands++;
      return undefined;
    }
    if (name === 'debug' || name === 'endgroup') return undefined;
    const label = { error: 'Error: ', warning: 'Warning: ', notice: 'Notice: ', group: '▸ ' }[name!];
    return this.mask(`${label ?? `::${name}::`}${text}`);
  }
}

/** `name<<delimiter` … `delimiter` blocks of GITHUB_OUTPUT. */
function readOutputs(file: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i]!);
    out.push([m[1]!, value.join('\n')]);
  }
  return out;
}

interface Step {
  title: string;
  inputs: Record<string, string>;
  /** What to point out after the step. */
  note?: string;
  /** Runs before the step (e.g. changing a file for the re-run). */
  before?: () => Promise<void> | void;
}

let stepNumber = 0;
let stepCount = 0;

async function runStep(step: Step, base: Record<string, string>, cwd: string): Promise<number | null> {
  await step.before?.();
  const dir = mkdtempSync(join(tmpdir(), 'aws-task-pack-demo-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...base, ...files, RUNNER_TEMP: dir };
  for (const [name, value] of Object.entries(step.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  console.log(`\n${bold(`━━━ ${++stepNumber}/${stepCount}  ${step.title} ━━━`)}`);
  console.log(dim('  with:'));
  for (const [name, value] of Object.entries(step.inputs))
    console.log(dim(`    ${name}: ${value.includes('\n') ? `|\n${value.replace(/^/gm, '      ')}` : value}`));
  console.log(dim('\n  log, as the Actions runner shows it:'));

  const log = new RunnerLog();
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/index.js')], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  const take = (chunk: Buffer): void => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const raw of lines) {
      const shown = log.line(raw.replace(/\r$/, ''));
      if (shown !== undefined) console.log(`    ${shown}`);
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (pending) console.log(`    ${log.line(pending) ?? ''}`);
  if (log.maskCommands)
    console.log(
      dim(
        `    (${log.maskCommands} ::add-mask:: lines were consumed by the runner, which shows each value as *** from then on)`,
      ),
    );

  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  if (summary.trim()) {
    console.log(dim('\n  job summary:'));
    console.log(log.mask(summaryAsText(summary, { bold: tty })).replace(/^(?=.)/gm, '    '));
  }
  const outputs = readOutputs(files.GITHUB_OUTPUT)
    .map(([k, v]) => {
      const shown = log.mask(v.includes('\n') ? JSON.stringify(v) : v);
      return `${k}=${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
    })
    .join('  ');
  console.log(dim(`  outputs: ${outputs}`));
  console.log(`  → exit code ${status}${step.note ? ` · ${step.note}` : ''}`);
  rmSync(dir, { recursive: true, force: true });
  return status;
}

async function main(): Promise<void> {
  if (!findMotoServer()) {
    console.error(MOTO_MISSING);
    process.exit(1);
  }
  const stale = staleDist();
  if (stale) {
    console.log(`${stale}: building dist/ first (npm run build, about a minute)...`);
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  console.log('Starting moto_server (the local AWS emulator) on a free loopback port...');
  const moto = await startMoto();
  const token = await startTokenEndpoint();
  const work = mkdtempSync(join(tmpdir(), 'aws-task-pack-demo-work-'));
  try {
    const credentials = { accessKeyId: 'seed', secretAccessKey: 'seed' };
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials,
    });
    const sm = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
    const seed: Array<[string, string]> = [
      [
        'prod/db',
        JSON.stringify({ username: 'app_user', password: 'demo-password-7f3a', host: 'db.internal' }),
      ],
      ['prod/api-key', 'demo-api-key-5b9e2c'],
    ];
    for (const [Name, SecretString] of seed) await sm.send(new CreateSecretCommand({ Name, SecretString }));
    // Preview folders of old pull requests, to be pruned later: the newer ones are added just before
    // the prune, so their ages differ by the seconds the other steps take.
    await s3.send(new CreateBucketCommand({ Bucket: 'demo-previews' }));
    const putPreview = async (pr: number): Promise<void> => {
      for (const file of ['index.html', 'app.js'])
        await s3.send(
          new PutObjectCommand({
            Bucket: 'demo-previews',
            Key: `previews/pr-${pr}/${file}`,
            Body: `pr ${pr}`,
          }),
        );
    };
    for (const pr of [101, 102, 103]) await putPreview(pr);

    mkdirSync(join(work, 'site', 'assets'), { recursive: true });
    writeFileSync(join(work, 'site', 'index.html'), '<!doctype html><title>demo</title>\n');
    writeFileSync(join(work, 'site', 'assets', 'app.js'), 'console.log("v1");\n');
    writeFileSync(join(work, 'site', 'assets', 'app.css'), 'body { margin: 0 }\n');
    writeFileSync(join(work, 'site', 'assets', 'app.js.map'), '{}\n');

    const base: Record<string, string> = {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'demo/app',
      GITHUB_RUN_ID: '1001',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF_NAME: 'main',
      ACTIONS_ID_TOKEN_REQUEST_URL: token.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      'INPUT_AWS-REGION': 'us-east-1',
      'INPUT_ENDPOINT-URL': moto.endpoint,
      'INPUT_FORCE-PATH-STYLE': 'true',
      'INPUT_ROLE-TO-ASSUME': 'arn:aws:iam::123456789012:role/demo-ci',
    };
    const bucket = {
      operation: 'ensure-bucket',
      bucket: 'demo-artifacts',
      versioning: 'enabled',
      tags: 'team=platform\ncost-center=ci',
      'expire-after-days': '30',
      'expire-prefix': 'previews/',
    };
    const upload = {
      operation: 'upload-artifact',
      bucket: 'demo-artifacts',
      path: 'site\n!site/**/*.map',
      'key-prefix': 'releases/{ref_name}/',
      'cache-control': '**/*.html: no-cache\nassets/**: public, max-age=31536000, immutable',
    };
    const prune = {
      operation: 'prune',
      bucket: 'demo-previews',
      prefix: 'previews/',
      'group-by': 'folder',
      'keep-latest': '2',
    };
    const steps: Step[] = [
      { title: 'ensure-bucket · plan', inputs: { ...bucket, 'dry-run': 'true' }, note: 'nothing written' },
      { title: 'ensure-bucket · apply', inputs: bucket, note: 'created and configured' },
      { title: 'ensure-bucket · apply again', inputs: bucket, note: 'converged: no write request' },
      { title: 'upload-artifact · plan', inputs: { ...upload, 'dry-run': 'true' }, note: 'nothing uploaded' },
      { title: 'upload-artifact · apply', inputs: upload },
      {
        title: 'upload-artifact · re-run with overwrite: if-changed, after changing one file',
        inputs: { ...upload, overwrite: 'if-changed' },
        note: 'only the changed file went up',
        before: () => writeFileSync(join(work, 'site', 'assets', 'app.js'), 'console.log("v2");\n'),
      },
      {
        title: 'prune · plan (the default for prune)',
        inputs: prune,
        note: 'nothing deleted',
        before: async () => {
          for (const pr of [104, 105]) await putPreview(pr);
        },
      },
      { title: 'prune · apply (dry-run: false)', inputs: { ...prune, 'dry-run': 'false' } },
      {
        title: 'fetch-secret: OIDC → role, only the JSON keys needed, a plain secret',
        inputs: {
          operation: 'fetch-secret',
          'secret-ids': 'DB,prod/db\nprod/api-key',
          'parse-json': 'true',
          'json-keys': 'password,host',
        },
      },
      {
        title: 'a typo in an input: exit 1 before any request',
        inputs: { ...prune, 'dry-run': 'flase' },
      },
    ];
    stepCount = steps.length;
    for (const step of steps) await runStep(step, base, work);
    s3.destroy();
    sm.destroy();
  } finally {
    token.server.close();
    await moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nDemo done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

await main();
