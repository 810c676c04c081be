import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLI_FLAGS, envNameFor, helpText, parseArgs, UsageError, USAGE } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/main.js';
import { CliHost } from '../../src/host/cli-host.js';
import { INPUTS, inputsFor, OPERATIONS } from '../../src/inputs/schema.js';

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

describe('parseArgs', () => {
  it('takes the operation and `--flag value` pairs', () => {
    expect(parseArgs(['upload-artifact', '--bucket', 'b', '--key-prefix', 'r/'])).toEqual({
      operation: 'upload-artifact',
      inputs: { bucket: 'b', 'key-prefix': 'r/' },
      flags: {},
      help: false,
    });
  });

  it('joins a repeated flag into lines, in order', () => {
    const parsed = parseArgs([
      'upload-artifact',
      '--path',
      'dist/**',
      '--path',
      '!dist/**/*.map',
      '--path=docs',
    ]);
    expect(parsed.inputs.path).toBe('dist/**\n!dist/**/*.map\ndocs');
  });

  it('reads --x=y, keeping everything after the first `=`', () => {
    const parsed = parseArgs(['ensure-bucket', '--tags=team=ci', '--bucket=b', '--expire-prefix=']);
    expect(parsed.inputs).toEqual({ tags: 'team=ci', bucket: 'b', 'expire-prefix': '' });
  });

  it('a value may start with a single dash', () => {
    expect(parseArgs(['prune', '--prefix', '-tmp/']).inputs.prefix).toBe('-tmp/');
  });

  it('a bare flag is `true`: at the end, or before another flag', () => {
    expect(parseArgs(['prune', '--dry-run']).inputs['dry-run']).toBe('true');
    expect(parseArgs(['upload-artifact', '--dry-run', '--bucket', 'b']).inputs).toEqual({
      'dry-run': 'true',
      bucket: 'b',
    });
    expect(parseArgs(['fetch-secret', '--parse-json', '--json-keys', 'a']).inputs).toEqual({
      'parse-json': 'true',
      'json-keys': 'a',
    });
  });

  it('an explicit value of a boolean flag is kept as given, for the input parser to judge', () => {
    expect(parseArgs(['prune', '--dry-run', 'false']).inputs['dry-run']).toBe('false');
    expect(parseArgs(['prune', '--dry-run=FALSE']).inputs['dry-run']).toBe('FALSE');
  });

  it('separates the CLI’s own flags from inputs', () => {
    const parsed = parseArgs([
      'fetch-secret',
      '--secret-ids',
      'a',
      '--output',
      'text',
      '--summary-file=s.md',
      '--export-file',
      'env.sh',
    ]);
    expect(parsed.inputs).toEqual({ 'secret-ids': 'a' });
    expect(parsed.flags).toEqual({ output: 'text', 'summary-file': 's.md', 'export-file': 'env.sh' });
  });

  it('--help and -h anywhere', () => {
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['prune', '-h'])).toMatchObject({ operation: 'prune', help: true });
    expect(parseArgs(['prune', '--bucket', 'b', '--help'])).toMatchObject({
      help: true,
      inputs: { bucket: 'b' },
    });
  });

  it('accepts every input of the schema as a flag, except `operation` (the positional argument)', () => {
    for (const name of Object.keys(INPUTS).filter((n) => n !== 'operation'))
      expect(parseArgs(['prune', `--${name}`, 'v']).inputs[name]).toBe('v');
    expect(usageError(['prune', '--operation', 'fetch-secret']).message).toContain(
      'Unknown flag --operation',
    );
  });

  it('an unknown flag is an error naming it and the help of the operation', () => {
    const err = usageError(['upload-artifact', '--bukcet', 'b']);
    expect(err.message).toBe(
      'Unknown flag --bukcet. Run `aws-task-pack upload-artifact --help` for the flags.',
    );
    expect(usageError(['--nope']).message).toContain('`aws-task-pack <operation> --help`');
    // Case matters, as in action.yml.
    expect(usageError(['prune', '--Bucket', 'b']).message).toContain('--Bucket');
    expect(usageError(['prune', '--bucket_name=b']).message).toContain('--bucket_name');
  });

  it('a second positional argument is an error', () => {
    expect(usageError(['prune', 'builds/']).message).toContain('Unexpected argument "builds/"');
  });

  it('no arguments: no operation, nothing else', () => {
    expect(parseArgs([])).toEqual({ operation: undefined, inputs: {}, flags: {}, help: false });
  });
});

describe('environment variable names', () => {
  it('AWS_TASK_PACK_ and the input upper-cased, dashes as underscores', () => {
    expect(envNameFor('bucket')).toBe('AWS_TASK_PACK_BUCKET');
    expect(envNameFor('key-prefix')).toBe('AWS_TASK_PACK_KEY_PREFIX');
    expect(envNameFor('role-skip-session-tagging')).toBe('AWS_TASK_PACK_ROLE_SKIP_SESSION_TAGGING');
  });

  it('every input has its own variable, a valid shell name', () => {
    const names = Object.keys(INPUTS).map(envNameFor);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Z_][A-Z0-9_]*$/);
  });

  describe('CliHost.getInput', () => {
    const host = (inputs: Record<string, string>, env: Record<string, string | undefined>): CliHost =>
      new CliHost({ inputs, env, stderr: () => undefined });

    it('a flag, else its variable, trimmed; empty counts as not given', () => {
      const env = {
        AWS_TASK_PACK_BUCKET: ' from-env ',
        AWS_TASK_PACK_KEY_PREFIX: 'env/',
        AWS_TASK_PACK_PREFIX: '  ',
      };
      const h = host({ bucket: 'from-flag' }, env);
      expect(h.getInput('bucket')).toBe('from-flag');
      expect(h.getInput('key-prefix')).toBe('env/');
      expect(h.getInput('prefix')).toBeUndefined();
      expect(host({}, env).getInput('bucket')).toBe('from-env');
    });

    it('web identity from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN', () => {
      const env = {
        AWS_WEB_IDENTITY_TOKEN_FILE: '/run/token',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/ci',
      };
      expect(host({}, env).getInput('web-identity-token-file')).toBe('/run/token');
      expect(host({}, env).getInput('role-to-assume')).toBe('arn:aws:iam::123456789012:role/ci');
    });

    it('AWS_ROLE_ARN also goes with a token file given as a flag or its own variable', () => {
      const role = 'arn:aws:iam::123456789012:role/ci';
      expect(
        host({ 'web-identity-token-file': '/t' }, { AWS_ROLE_ARN: role }).getInput('role-to-assume'),
      ).toBe(role);
      expect(
        host({}, { AWS_TASK_PACK_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: role }).getInput(
          'role-to-assume',
        ),
      ).toBe(role);
    });

    it('AWS_ROLE_ARN alone (no token file) does not choose a role: the default chain stays in charge', () => {
      expect(
        host({}, { AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/ci' }).getInput('role-to-assume'),
      ).toBeUndefined();
    });

    it('a flag or AWS_TASK_PACK_ROLE_TO_ASSUME wins over AWS_ROLE_ARN', () => {
      const env = {
        AWS_WEB_IDENTITY_TOKEN_FILE: '/t',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/sdk',
        AWS_TASK_PACK_ROLE_TO_ASSUME: 'arn:aws:iam::123456789012:role/ours',
      };
      expect(host({}, env).getInput('role-to-assume')).toBe('arn:aws:iam::123456789012:role/ours');
      expect(
        host({ 'role-to-assume': 'arn:aws:iam::123456789012:role/flag' }, env).getInput('role-to-assume'),
      ).toBe('arn:aws:iam::123456789012:role/flag');
    });
  });
});

describe('help', () => {
  const flagsIn = (text: string): string[] => [...text.matchAll(/^ {2}--([a-z0-9-]+) /gm)].map((m) => m[1]!);

  it.each([...OPERATIONS])(
    '%s: every input of the operation, then the common ones, then the CLI flags',
    (op) => {
      expect(flagsIn(helpText(op))).toEqual([
        ...inputsFor(op),
        ...inputsFor('common').filter((n) => n !== 'operation'),
        ...Object.keys(CLI_FLAGS),
      ]);
    },
  );

  it('starts with the usage line naming every operation', () => {
    expect(USAGE).toBe(
      'Usage: aws-task-pack <ensure-bucket|prune|upload-artifact|fetch-secret> [--flag value ...]',
    );
    expect(helpText().split('\n')).toContain(USAGE);
  });
});

describe('runCli before any request', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atp-cli-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli({
      argv,
      env: { AWS_EC2_METADATA_DISABLED: 'true' },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }

  it('a usage error: exit 1, the message and the usage line on stderr', async () => {
    const r = await cli(['prune', '--bogus']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: Unknown flag --bogus. Run \`aws-task-pack prune --help\` for the flags.\n${USAGE}\n`,
    });
  });

  it('--help: exit 0, the operation’s help on stdout', async () => {
    const r = await cli(['fetch-secret', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(helpText('fetch-secret'));
    expect(r.stderr).toBe('');
  });

  it('--output other than json or text: exit 1', async () => {
    const r = await cli(['prune', '--output', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--output takes `json` or `text`');
  });

  it('an invalid input: exit 1, the outputs as JSON, the summary written to --summary-file', async () => {
    const summary = join(dir, 'summary.md');
    const r = await cli([
      'ensure-bucket',
      '--bucket',
      'Bad_Name',
      '--aws-region',
      'eu-west-1',
      '--summary-file',
      summary,
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ 'exit-code': '1', 'error-code': 'InvalidInput' });
    expect(await readFile(summary, 'utf8')).toContain('### ensure-bucket: failed');
  });
});
