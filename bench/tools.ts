/**
 * The tools the bench runs side by side, each as the command line (or, for ours, the runner's
 * environment) a user would give it, pointed at the target through temporary config files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import type { RunSpec } from './measure.js';

export const ACCESS_KEY_ID = 'AKIDBENCHMARK0000001';
export const SECRET_ACCESS_KEY = 'bench-secret-access-key';
export const REGION = 'us-east-1';

export type ToolId =
  | 'ours'
  | 'raw'
  | 'sdk'
  | 'aws'
  | 'aws-c32'
  | 'rclone'
  | 'rclone-32'
  | 's3cmd'
  | 'ab-ours'
  | 'ab-low'
  | 'ab-high'
  | 'ab-lib'
  | 'ab-crc';

/** Where a tool sends its requests. */
export interface Target {
  name: 'sink' | 'moto';
  endpoint: string;
  port: number;
  bucket: string;
  /** An HTTPS target's certificate (PEM), for every tool to trust. */
  caFile?: string;
}

/** A source to upload: a directory (keys = prefix + relative path) or one file (key = prefix + name). */
export type Source = { kind: 'dir'; dir: string } | { kind: 'file'; file: string; name: string };

export interface Tool {
  id: ToolId;
  label: string;
  /** Why it cannot run here, or undefined. */
  missing?: string;
  upload(target: Target, source: Source, prefix: string): RunSpec;
  /** Deletes every object under the prefix; undefined when the tool has no such command. */
  prune?(target: Target, prefix: string, count: number, olderThan: string): RunSpec;
}

export interface ToolContext {
  root: string;
  /** A scratch directory for config files and per-run runner files. */
  scratch: string;
  /** The concurrency the aws CLI variant is raised to. */
  awsRaisedConcurrency: number;
}

/** The real executable behind a pyenv shim, so the shim's bash start-up is not timed. */
function resolveExecutable(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) return undefined;
  if (found.includes('/shims/')) {
    const real = spawnSync('pyenv', ['which', name], { encoding: 'utf8' }).stdout.trim();
    if (real && existsSync(real)) return real;
  }
  return found;
}

function firstLine(command: string | undefined, args: string[]): string {
  if (!command) return 'not installed';
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '?';
}

/** The inputs the runner would pass for ours: every default in action.yml as INPUT_*, then ours. */
function runnerInputs(root: string): Record<string, string> {
  const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: unknown }>;
  };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs))
    if (spec.default !== undefined) env[`INPUT_${name.toUpperCase()}`] = String(spec.default);
  return env;
}

/**
 * Transpiles the TypeScript peers to plain ESM next to the dependencies they import (under
 * node_modules/.cache, which git, eslint and prettier ignore), so `node` runs them with no loader.
 */
export function buildPeers(root: string): Record<'sdk' | 'raw', string> {
  const out = join(root, 'node_modules', '.cache', 'aws-task-pack-bench');
  mkdirSync(out, { recursive: true });
  const built: Record<string, string> = {};
  for (const file of readdirSync(join(root, 'bench', 'peers')).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(root, 'bench', 'peers', file), 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    }).outputText;
    const dest = join(out, file.replace(/\.ts$/, '.mjs'));
    writeFileSync(dest, js);
    built[file.replace(/\.ts$/, '')] = dest;
  }
  return { sdk: built.sdk!, raw: built['raw-http']! };
}

/**
 * Bundles the uploader A/B driver (`bench/ab/uploader-ab.ts`, which imports `src/`) into one ESM file
 * with esbuild, so `node` runs it with no loader and the same code the action bundles.
 */
export function buildAbDriver(root: string): string {
  const outfile = join(root, 'node_modules', '.cache', 'aws-task-pack-bench', 'uploader-ab.mjs');
  buildSync({
    entryPoints: [join(root, 'bench', 'ab', 'uploader-ab.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // The SDK's CommonJS modules call require() for node built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return outfile;
}

export interface Versions {
  node: string;
  aws: string;
  rclone: string;
  s3cmd: string;
  moto: string;
}

export function makeTools(ctx: ToolContext): { tools: Tool[]; versions: Versions } {
  const node = process.execPath;
  const peers = buildPeers(ctx.root);
  const abDriver = buildAbDriver(ctx.root);
  const aws = resolveExecutable('aws');
  const rclone = resolveExecutable('rclone');
  const s3cmd = resolveExecutable('s3cmd');
  const moto = resolveExecutable('moto_server');
  const home = join(ctx.scratch, 'home');
  mkdirSync(home, { recursive: true });

  const baseEnv = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TMPDIR: ctx.scratch,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_SHARED_CREDENTIALS_FILE: join(ctx.scratch, 'no-credentials'),
    AWS_CONFIG_FILE: join(ctx.scratch, 'no-config'),
  });

  /** A transpiled peer script with the modes `files`, `big` and `prune`. */
  const scriptPeer = (id: ToolId, label: string, script: string): Tool => ({
    id,
    label,
    upload: (t, s, prefix) => ({
      command: node,
      args:
        s.kind === 'dir'
          ? [script, 'files', t.endpoint, t.bucket, s.dir, prefix]
          : [script, 'big', t.endpoint, t.bucket, s.file, prefix + s.name],
      env: baseEnv(),
    }),
    prune: (t, prefix) => ({
      command: node,
      args: [script, 'prune', t.endpoint, t.bucket, prefix],
      env: baseEnv(),
    }),
  });

  const awsConfig = (raised: boolean): string => {
    const file = join(ctx.scratch, raised ? 'aws-config-raised' : 'aws-config');
    writeFileSync(
      file,
      `[default]\nregion = ${REGION}\ns3 =\n  addressing_style = path\n${raised ? `  max_concurrent_requests = ${ctx.awsRaisedConcurrency}\n` : ''}`,
    );
    return file;
  };
  const rcloneConfig = (t: Target): string => {
    const file = join(ctx.scratch, `rclone-${t.name}.conf`);
    writeFileSync(
      file,
      `[target]\ntype = s3\nprovider = Other\naccess_key_id = ${ACCESS_KEY_ID}\nsecret_access_key = ${SECRET_ACCESS_KEY}\nendpoint = ${t.endpoint}\nregion = ${REGION}\nforce_path_style = true\n`,
    );
    return file;
  };
  const s3cmdConfig = (t: Target): string => {
    const file = join(ctx.scratch, `s3cfg-${t.name}`);
    writeFileSync(
      file,
      `[default]\naccess_key = ${ACCESS_KEY_ID}\nsecret_key = ${SECRET_ACCESS_KEY}\nhost_base = 127.0.0.1:${t.port}\nhost_bucket = 127.0.0.1:${t.port}\nuse_https = False\nbucket_location = ${REGION}\nsignature_v2 = False\n`,
    );
    return file;
  };

  let runSeq = 0;
  /** The runner's environment for one step: inputs, and fresh GITHUB_OUTPUT/ENV/STEP_SUMMARY files. */
  const runnerEnv = (inputs: Record<string, string>): Record<string, string> => {
    const dir = join(ctx.scratch, `runner-${++runSeq}`);
    mkdirSync(dir, { recursive: true });
    const files = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_ENV: join(dir, 'env'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const env: Record<string, string> = {
      ...baseEnv(),
      ...files,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'bench/aws-task-pack',
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKSPACE: ctx.scratch,
      ...runnerInputs(ctx.root),
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    return env;
  };

  // `BENCH_PROFILE_DIR=/tmp/prof`: write a V8 CPU profile of every run of ours there.
  const profile = process.env.BENCH_PROFILE_DIR;
  const oursArgs = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    join(ctx.root, 'dist', 'index.js'),
  ];

  const uploadPath = (s: Source): string => (s.kind === 'dir' ? s.dir : s.file);

  const tools: Tool[] = [
    {
      id: 'ours',
      label: 'aws-task-pack (node dist/index.js)',
      upload: (t, s, prefix) => ({
        command: node,
        args: oursArgs,
        cwd: ctx.scratch,
        env: runnerEnv({
          operation: 'upload-artifact',
          bucket: t.bucket,
          path: uploadPath(s),
          'key-prefix': prefix,
          'endpoint-url': t.endpoint,
          'force-path-style': 'true',
          'aws-region': REGION,
        }),
      }),
      prune: (t, prefix, count, olderThan) => ({
        command: node,
        args: oursArgs,
        cwd: ctx.scratch,
        env: runnerEnv({
          operation: 'prune',
          bucket: t.bucket,
          prefix,
          'older-than': olderThan,
          'dry-run': 'false',
          'max-deletes': String(count),
          'endpoint-url': t.endpoint,
          'force-path-style': 'true',
          'aws-region': REGION,
        }),
      }),
    },
    scriptPeer('raw', 'raw node:http (ceiling)', peers.raw),
    ...(
      [
        ['ab-ours', 'A/B: our uploader, adaptive (≤ 64 files, ≤ 32 parts)', 'ours', 'adaptive', 64, 32],
        ['ab-low', 'A/B: our uploader, fixed 8 files × 4 parts', 'ours', 'pinned', 8, 4],
        ['ab-high', 'A/B: our uploader, fixed 64 files × 32 parts', 'ours', 'pinned', 64, 32],
        ['ab-lib', 'A/B: lib-storage Upload, fixed 8 files × 4 parts', 'lib-storage', 'pinned', 8, 4],
        [
          'ab-crc',
          'A/B: our uploader as on AWS (CRC32 part checksums, unsigned payload), adaptive',
          'ours',
          'adaptive',
          64,
          32,
        ],
      ] as const
    ).map(([id, label, impl, how, files, parts]): Tool => ({
      id,
      label,
      upload: (t, s, prefix) => ({
        command: node,
        args: [
          abDriver,
          impl,
          how,
          String(files),
          String(parts),
          s.kind === 'dir' ? 'files' : 'big',
          t.endpoint,
          t.bucket,
          uploadPath(s),
          s.kind === 'dir' ? prefix : prefix + s.name,
        ],
        // Checksums on, as the action sends them to AWS: parts carry CRC32s and (over HTTPS) go unsigned.
        env: id === 'ab-crc' ? { ...baseEnv(), AB_CHECKSUMS: '1' } : baseEnv(),
      }),
    })),
    scriptPeer('sdk', 'plain SDK v3 script', peers.sdk),
    ...(['aws', 'aws-c32'] as const).map((id): Tool => ({
      id,
      label:
        id === 'aws' ? 'aws CLI (defaults)' : `aws CLI (max_concurrent_requests=${ctx.awsRaisedConcurrency})`,
      missing: aws ? undefined : 'aws CLI not installed',
      upload: (t, s, prefix) => ({
        command: aws!,
        args: [
          's3',
          'cp',
          ...(s.kind === 'dir'
            ? ['--recursive', s.dir, `s3://${t.bucket}/${prefix}`]
            : [s.file, `s3://${t.bucket}/${prefix}${s.name}`]),
          '--endpoint-url',
          t.endpoint,
        ],
        env: { ...baseEnv(), AWS_CONFIG_FILE: awsConfig(id === 'aws-c32') },
      }),
      prune: (t, prefix) => ({
        command: aws!,
        args: ['s3', 'rm', '--recursive', `s3://${t.bucket}/${prefix}`, '--endpoint-url', t.endpoint],
        env: { ...baseEnv(), AWS_CONFIG_FILE: awsConfig(id === 'aws-c32') },
      }),
    })),
    ...(['rclone', 'rclone-32'] as const).map((id): Tool => ({
      id,
      label:
        id === 'rclone'
          ? 'rclone copy'
          : 'rclone copy --transfers 32 --checkers 32 --s3-upload-concurrency 16',
      missing: rclone ? undefined : 'rclone not installed',
      upload: (t, s, prefix) => ({
        command: rclone!,
        args: [
          '--config',
          rcloneConfig(t),
          'copy',
          ...(id === 'rclone-32'
            ? ['--transfers', '32', '--checkers', '32', '--s3-upload-concurrency', '16']
            : []),
          uploadPath(s),
          `target:${t.bucket}/${prefix.replace(/\/$/, '')}`,
        ],
        env: baseEnv(),
      }),
    })),
    {
      id: 's3cmd',
      label: 's3cmd put --recursive',
      missing: s3cmd ? undefined : 's3cmd not installed',
      upload: (t, s, prefix) => ({
        command: s3cmd!,
        args: [
          '-c',
          s3cmdConfig(t),
          'put',
          ...(s.kind === 'dir'
            ? ['--recursive', `${s.dir}/`, `s3://${t.bucket}/${prefix}`]
            : [s.file, `s3://${t.bucket}/${prefix}${s.name}`]),
        ],
        env: baseEnv(),
      }),
    },
  ];

  const motoPython = moto ? join(dirname(moto), 'python') : undefined;
  const versions: Versions = {
    node: process.version,
    aws: firstLine(aws, ['--version']),
    rclone: firstLine(rclone, ['version']),
    s3cmd: firstLine(s3cmd, ['--version']),
    moto:
      motoPython && existsSync(motoPython)
        ? `moto ${firstLine(motoPython, ['-c', 'import moto; print(moto.__version__)'])}`
        : moto
          ? 'moto_server (version unknown)'
          : 'not installed',
  };
  return { tools, versions };
}
