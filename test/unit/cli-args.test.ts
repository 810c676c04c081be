/**
 * The CLI's conventions, before any request: the parser, the generated help, --version, the
 * suggestions, typed JSON, and stderr as a terminal shows it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  envNameFor,
  parseArgs,
  unknownEnvironmentInputs,
  UsageError,
  type Command,
} from '../../src/cli/args.js';
import { BOOLEAN_INPUTS, CLI_FLAGS, VALUE_PLACEHOLDERS } from '../../src/cli/flags.js';
import { helpText, USAGE } from '../../src/cli/help.js';
import { inputsAsFlags } from '../../src/cli/input-names.js';
import { runCli } from '../../src/cli/main.js';
import { OUTPUT_TYPES, typedOutputs } from '../../src/cli/outputs.js';
import { Terminal } from '../../src/cli/terminal.js';
import { summaryAsText } from '../../src/cli/terminal-summary.js';
import { CliHost } from '../../src/host/cli-host.js';
import { INPUTS, inputsFor, OPERATIONS, OUTPUTS, type InputSpec } from '../../src/operations/schema.js';
import { Logger } from '../../src/logging/logger.js';
import { Redactor } from '../../src/logging/redactor.js';
import { closest, editDistance } from '../../src/util/closest.js';
import { VERSION } from '../../src/version.js';

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

function run(argv: string[]): Extract<Command, { kind: 'run' }> {
  const command = parseArgs(argv);
  if (command.kind !== 'run') throw new Error(`not a run: ${JSON.stringify(command)}`);
  return command;
}

const VALUE_INPUTS = Object.keys(INPUTS).filter((n) => n !== 'operation' && !BOOLEAN_INPUTS.has(n as never));

/** An operation that has `input` as a flag. */
const operationOf = (input: string): string =>
  (INPUTS[input as keyof typeof INPUTS] as InputSpec).operations?.[0] ?? 'prune';

describe('parseArgs', () => {
  it('takes the operation and `--flag value` pairs', () => {
    expect(parseArgs(['upload-artifact', '--bucket', 'b', '--key-prefix', 'r/'])).toEqual({
      kind: 'run',
      operation: 'upload-artifact',
      inputs: { bucket: 'b', 'key-prefix': 'r/' },
      flags: {},
    });
  });

  it('joins a repeated flag into lines, in order', () => {
    const parsed = run(['upload-artifact', '--path', 'dist/**', '--path', '!dist/**/*.map', '--path=docs']);
    expect(parsed.inputs.path).toBe('dist/**\n!dist/**/*.map\ndocs');
  });

  it('reads --x=y, keeping everything after the first `=`', () => {
    const parsed = run(['ensure-bucket', '--tags=team=ci', '--bucket=b', '--expire-prefix=']);
    expect(parsed.inputs).toEqual({ tags: 'team=ci', bucket: 'b', 'expire-prefix': '' });
  });

  it('a value may start with a single dash', () => {
    expect(run(['prune', '--prefix', '-tmp/']).inputs.prefix).toBe('-tmp/');
  });

  it('a yes/no flag stands alone (at the end, or before another flag) or takes true/false', () => {
    expect(run(['prune', '--dry-run']).inputs['dry-run']).toBe('true');
    expect(run(['upload-artifact', '--dry-run', '--bucket', 'b']).inputs).toEqual({
      'dry-run': 'true',
      bucket: 'b',
    });
    expect(run(['prune', '--dry-run', 'false']).inputs['dry-run']).toBe('false');
    expect(run(['prune', '--dry-run=FALSE']).inputs['dry-run']).toBe('FALSE');
    // Anything but a boolean after it is not its value.
    expect(usageError(['prune', '--dry-run', 'builds/']).message).toContain('unexpected argument "builds/"');
  });

  describe('a flag that takes a value and has none is an error, never `true`', () => {
    it('the reported case: --bucket followed by another flag', () => {
      const err = usageError(['prune', '--bucket', '--prefix', 'x/', '--keep-latest', '1']);
      expect(err.message).toBe('--bucket needs a value (--bucket NAME), but is followed by --prefix.');
      expect(err.operation).toBe('prune');
    });

    it.each(VALUE_INPUTS)('--%s at the end, or before another flag', (input) => {
      const op = operationOf(input);
      expect(usageError([op, `--${input}`]).message).toMatch(new RegExp(`^--${input} needs a value`));
      expect(usageError([op, `--${input}`, '--dry-run']).message).toContain('followed by --dry-run');
      expect(usageError([op, `--${input}`, '-h']).message).toContain('followed by -h');
    });

    it.each(['output', 'summary-file', 'export-file'])('the CLI flag --%s too', (flag) => {
      expect(usageError(['prune', `--${flag}`]).message).toMatch(new RegExp(`^--${flag} needs a value`));
    });
  });

  it('separates the CLI’s own flags from inputs', () => {
    const parsed = run([
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

  it('help: --help, -h, `help` and `help <operation>`, anywhere', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help', operation: undefined });
    expect(parseArgs(['help'])).toEqual({ kind: 'help', operation: undefined });
    expect(parseArgs(['help', 'prune'])).toEqual({ kind: 'help', operation: 'prune' });
    expect(parseArgs(['prune', '-h'])).toEqual({ kind: 'help', operation: 'prune' });
    expect(parseArgs(['prune', '--bucket', 'b', '--help'])).toEqual({ kind: 'help', operation: 'prune' });
    expect(usageError(['help', 'prnue']).message).toContain('Did you mean prune?');
  });

  it('version: --version, -v and `version`', () => {
    for (const argv of [['--version'], ['-v'], ['version'], ['prune', '--version']])
      expect(parseArgs(argv)).toEqual({ kind: 'version' });
  });

  it('accepts every input of the operation as a flag, and not `operation`', () => {
    for (const op of OPERATIONS)
      for (const name of inputsFor(op)) {
        const value = BOOLEAN_INPUTS.has(name) ? 'false' : 'v';
        expect(run([op, `--${name}`, value]).inputs[name]).toBe(value);
      }
    expect(usageError(['prune', '--operation', 'fetch-secret']).message).toContain(
      'unknown flag --operation',
    );
  });

  it('takes an input’s alias as a flag and as a variable (--parse-json-secrets)', () => {
    const command = parseArgs(['fetch-secret', '--parse-json-secrets', 'true']);
    expect(command).toMatchObject({ kind: 'run', inputs: { 'parse-json-secrets': 'true' } });
    // A yes/no flag like its input: it may stand alone.
    expect(parseArgs(['fetch-secret', '--parse-json-secrets', '--secret-ids', 'a'])).toMatchObject({
      inputs: { 'parse-json-secrets': 'true', 'secret-ids': 'a' },
    });
    expect(unknownEnvironmentInputs({ AWS_TASK_PACK_PARSE_JSON_SECRETS: 'true' })).toEqual([]);
  });

  it('a flag of another operation is an error naming where it belongs', () => {
    expect(usageError(['upload-artifact', '--bucket', 'b', '--prefix', 'x/']).message).toBe(
      '--prefix is not a flag of upload-artifact (it belongs to prune).',
    );
  });

  it('an unknown flag: the closest flag of the operation as a suggestion', () => {
    const err = usageError(['upload-artifact', '--bukcet', 'b', '--path', 'x']);
    expect(err.message).toBe('unknown flag --bukcet. Did you mean --bucket?');
    expect(err.operation).toBe('upload-artifact');
    expect(usageError(['prune', '--keep', '3']).message).toContain('Did you mean --keep-latest?');
    expect(usageError(['prune', '--ouptut', 'json']).message).toContain('Did you mean --output?');
    expect(usageError(['prune', '--zzzzzzzz']).message).toBe('unknown flag --zzzzzzzz.');
    // Case matters, as in action.yml.
    expect(usageError(['prune', '--Bucket', 'b']).message).toContain('unknown flag --Bucket');
    expect(usageError(['prune', '-x']).message).toBe('unknown flag -x.');
  });

  it('an unknown operation: the closest one as a suggestion, and the list', () => {
    const err = usageError(['prnue', '--bucket', 'b']);
    expect(err.message).toBe(
      'unknown operation "prnue". Did you mean prune? Operations: ensure-bucket, prune, upload-artifact, fetch-secret.',
    );
    expect(usageError(['delete-everything']).message).not.toContain('Did you mean');
  });

  it('a second positional argument is an error', () => {
    expect(usageError(['prune', 'builds/']).message).toContain('unexpected argument "builds/"');
  });

  it('no operation is an error', () => {
    expect(usageError([]).message).toBe('no operation given.');
    expect(usageError(['--bucket', 'b']).message).toBe('no operation given.');
  });
});

describe('closest', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('prnue', 'prune')).toBe(1);
    expect(editDistance('bukcet', 'bucket')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only what is close, relative to the length of the word', () => {
    expect(closest('fetch-secrte', OPERATIONS)).toBe('fetch-secret');
    expect(closest('xy', OPERATIONS)).toBeUndefined();
    expect(closest('upload', OPERATIONS)).toBe('upload-artifact');
  });
});

describe('environment variables', () => {
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

  it('a variable that names no input is reported with the closest name', () => {
    expect(
      unknownEnvironmentInputs({
        AWS_TASK_PACK_BUKCET: 'b',
        AWS_TASK_PACK_PATH: 'dist',
        AWS_TASK_PACK_DEBUG: '1',
        AWS_REGION: 'eu-west-1',
      }),
    ).toEqual(['AWS_TASK_PACK_BUKCET (did you mean AWS_TASK_PACK_BUCKET?)']);
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
  const flagsIn = (text: string): string[] => [...text.matchAll(/^ {2}--([a-z0-9-]+)\b/gm)].map((m) => m[1]!);

  it('every input is either a yes/no flag or has a placeholder', () => {
    for (const name of Object.keys(INPUTS).filter((n) => n !== 'operation'))
      expect([name, BOOLEAN_INPUTS.has(name as never) !== name in VALUE_PLACEHOLDERS]).toEqual([name, true]);
  });

  it.each([...OPERATIONS])(
    '%s: a one-line description, every input of the operation, the common ones, the CLI flags, examples',
    (op) => {
      const text = helpText(op);
      expect(text.split('\n')[0]).toMatch(new RegExp(`^aws-task-pack ${op}: \\S.{10,}`));
      expect(text).toContain(`Usage: aws-task-pack ${op} [flags]`);
      expect(flagsIn(text)).toEqual([
        ...inputsFor(op),
        ...inputsFor('common').filter((n) => n !== 'operation'),
        ...Object.keys(CLI_FLAGS),
      ]);
      const examples = text.slice(text.indexOf('Examples:'));
      expect(examples).toMatch(new RegExp(`^ {2}aws-task-pack ${op} --`, 'm'));
      expect(text).toContain('Exit codes:');
      // The defaults of the action's YAML never reach a terminal.
      expect(text).not.toContain('${{');
      expect(text).not.toMatch(/default: required/i);
      expect(text).not.toMatch(/`/);
      expect(text).not.toMatch(/\b(allow-whole-bucket|dry-run|parse-json): (true|false)\b/);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100 + 60);
    },
  );

  it('shows value placeholders, required flags and defaults', () => {
    const prune = helpText('prune');
    expect(prune).toMatch(/^ {2}--keep-latest N +Always keep [^]*?\(default: 0\)/m);
    expect(prune).toMatch(/^ {2}--bucket NAME +\(required\) The bucket name/m);
    expect(prune).toMatch(/^ {2}--dry-run +Plan only/m);
    expect(prune).toContain('--allow-whole-bucket');
    expect(helpText('fetch-secret')).toMatch(/^ {2}--github-token TOKEN +Token for --pr-comment\.$/m);
  });

  it('without an operation: the usage forms, each operation with its description, examples', () => {
    const text = helpText();
    expect(text).toContain('  aws-task-pack <operation> [flags]');
    expect(text).toContain('  aws-task-pack --version');
    for (const op of OPERATIONS) expect(text).toMatch(new RegExp(`^ {2}${op} +\\S`, 'm'));
    expect(flagsIn(text)).toEqual(Object.keys(CLI_FLAGS));
    expect(text).toContain("Run 'aws-task-pack <operation> --help' for the flags of an operation.");
  });

  it('speaks in flags: the action’s `name: value` and `Input `name`` become --name', () => {
    expect(inputsAsFlags('Set `dry-run: false` to delete, or `allow-whole-bucket: true`.')).toBe(
      'Set `--dry-run false` to delete, or `--allow-whole-bucket`.',
    );
    expect(inputsAsFlags('Input `older-than`: is required.')).toBe('`--older-than`: is required.');
    expect(inputsAsFlags('`not-an-input: true` and `bucket`')).toBe('`not-an-input: true` and `bucket`');
    expect(inputsAsFlags('raise `max-deletes`', { bare: true })).toBe('raise `--max-deletes`');
  });
});

describe('typed JSON outputs', () => {
  it('every output has a JSON type', () => {
    expect(Object.keys(OUTPUT_TYPES).sort()).toEqual(Object.keys(OUTPUTS).sort());
  });

  it('numbers, booleans and JSON lists become what they are; user-named variables stay strings', () => {
    expect(
      typedOutputs('fetch-secret', {
        'secret-count': '2',
        variables: '["DB_PASSWORD","BYTES"]',
        BYTES: '***',
        bytes: '12',
        'dry-run': 'false',
        'exit-code': '0',
        'error-code': '',
      }),
    ).toEqual({
      'secret-count': 2,
      variables: ['DB_PASSWORD', 'BYTES'],
      BYTES: '***',
      bytes: '12',
      'dry-run': false,
      'exit-code': 0,
      'error-code': '',
    });
    expect(
      typedOutputs('ensure-bucket', { changes: '[{"setting":"versioning","op":"~"}]', created: 'true' }),
    ).toEqual({
      changes: [{ setting: 'versioning', op: '~' }],
      created: true,
    });
    // Redaction may have left something that is no longer JSON: the string stays.
    expect(typedOutputs('upload-artifact', { urls: '***' })).toEqual({ urls: '***' });
  });
});

describe('stderr at a terminal', () => {
  it('renders the Markdown summary as text: headings, aligned tables, sections, no marks', () => {
    const md = [
      '### 🗑️ prune — plan: 2 objects to delete',
      '> Dry run: nothing was deleted. Set `dry-run: false` to delete.',
      '',
      '| key | size |',
      '|---|---:|',
      '| `builds/a.zip` | 1.0 KiB |',
      '| `b\\|c` | 12 B |',
      '',
      '<details><summary>Details</summary>',
      '',
      '| | |',
      '|---|---|',
      '| Region | eu-west-1 |',
      '| Link | [site](https://example.com/x) |',
      '',
      '</details>',
      '<!-- aws-task-pack:marker -->',
      'a &lt;b&gt; &amp; c \u001b[31m',
    ].join('\n');
    expect(summaryAsText(md)).toBe(
      [
        '🗑️ prune — plan: 2 objects to delete',
        'Dry run: nothing was deleted. Set dry-run: false to delete.',
        '',
        '  key           size',
        '  builds/a.zip  1.0 KiB',
        '  b|c           12 B',
        '',
        'Details:',
        '',
        '    Region  eu-west-1',
        '    Link    site (https://example.com/x)',
        '',
        'a <b> & c [31m',
        '',
      ].join('\n'),
    );
    expect(summaryAsText('### Title', { bold: true })).toBe('\u001b[1mTitle\u001b[22m\n');
    // Emphasis goes; a code span keeps its text as it is.
    expect(summaryAsText('_none_, `_build_` and `a &lt; b`')).toBe('none, _build_ and a &lt; b\n');
  });

  function progressLine(): string {
    let line = '';
    const host = new CliHost({ inputs: {}, env: {}, stderr: () => undefined });
    host.writeLine = (l: string): void => void (line = l);
    new Logger(host, new Redactor()).info('upload.progress', '3/10 files, 1.0/4.0 MiB (25%)', { files: 3 });
    return `${line}\n`;
  }

  it('a live progress line rewritten in place when stderr is a terminal', () => {
    let out = '';
    const terminal = new Terminal((t) => (out += t), true);
    terminal.print(progressLine());
    terminal.print(progressLine());
    terminal.print('Uploaded 10 files\n');
    expect(out).toBe(
      '\r\u001b[2K3/10 files, 1.0/4.0 MiB (25%)\r\u001b[2K3/10 files, 1.0/4.0 MiB (25%)\r\u001b[2KUploaded 10 files\n',
    );
  });

  it('plain lines, fields and all, when it is not', () => {
    let out = '';
    const terminal = new Terminal((t) => (out += t), false);
    terminal.print(progressLine());
    expect(out).toBe(progressLine());
    expect(out).toMatch(/event=upload\.progress/);
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

  async function cli(
    argv: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli({
      argv,
      env: { AWS_EC2_METADATA_DISABLED: 'true', ...env },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }

  it('a usage error: exit 1, the message, the usage and where to look on stderr, nothing on stdout', async () => {
    expect(await cli(['prune', '--bogus'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: unknown flag --bogus.\n${USAGE}\nRun 'aws-task-pack prune --help' for its flags.\n`,
    });
    expect((await cli(['prnue'])).stderr).toContain('Did you mean prune?');
    expect((await cli([])).stderr).toContain("Run 'aws-task-pack --help' for the operations and flags.");
  });

  it('--help and help <operation>: exit 0, the help on stdout', async () => {
    for (const argv of [
      ['fetch-secret', '--help'],
      ['help', 'fetch-secret'],
    ]) {
      const r = await cli(argv);
      expect(r).toEqual({ code: 0, stdout: helpText('fetch-secret'), stderr: '' });
    }
  });

  it('--version and -v: the version source, exit 0', async () => {
    for (const argv of [['--version'], ['-v']])
      expect(await cli(argv)).toEqual({ code: 0, stdout: `aws-task-pack ${VERSION}\n`, stderr: '' });
  });

  it('--output other than json or text: exit 1', async () => {
    const r = await cli(['prune', '--output', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--output takes json or text, not "yaml".');
  });

  it('an AWS_TASK_PACK_ variable that names no input: exit 1 with a suggestion', async () => {
    const r = await cli(['prune', '--bucket', 'b', '--prefix', 'p/'], { AWS_TASK_PACK_OLDER_THAN_: '1d' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'unknown variable AWS_TASK_PACK_OLDER_THAN_ (did you mean AWS_TASK_PACK_OLDER_THAN?)',
    );
  });

  /** ensure-bucket with a bucket name S3 refuses: fails before any request. */
  const badBucket = ['ensure-bucket', '--bucket', 'Bad_Name', '--aws-region', 'eu-west-1'];

  it('an invalid input: exit 1, typed JSON, the error in flag form, no Markdown on the terminal', async () => {
    const summary = join(dir, 'summary.md');
    const r = await cli(badBucket);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ 'exit-code': 1, 'error-code': 'InvalidInput' });
    expect(r.stderr).toContain('`--bucket`');
    expect(r.stderr).not.toContain('Input `bucket`');
    expect(r.stderr).not.toMatch(/^\|/m);
    expect(r.stderr).not.toContain('###');

    const withFile = await cli([...badBucket, '--summary-file', summary]);
    expect(withFile.code).toBe(1);
    expect(await readFile(summary, 'utf8')).toMatch(/^### ❌ ensure-bucket: /);
  });

  it('--log-format json: stderr holds JSON lines only (no `warning:` line, no Markdown), each with one schema', async () => {
    const r = await cli([...badBucket, '--log-format', 'json']);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record)).toEqual(['time', 'level', 'operation', 'event', 'message', 'fields']);
    }
    expect(r.stderr).not.toMatch(/^(warning|error): |^###/m);
    expect(JSON.parse(r.stdout)).toEqual({ 'exit-code': 1, 'error-code': 'InvalidInput' });
  });
});
