import { INPUTS, OPERATIONS, inputsFor, type InputSpec, type OperationName } from '../inputs/schema.js';

/** Flags of the CLI itself, beside one `--<input>` flag per action input. */
export const CLI_FLAGS = {
  output: 'json (default): outputs as one JSON object on stdout; text: key=value lines',
  'summary-file': 'write the Markdown summary here (default: stderr, after the logs)',
  'export-file':
    'write exported variables here as shell `export NAME=...` lines (fetch-secret); without it nothing is exported',
  help: 'show this help',
} as const;

export type CliFlag = keyof typeof CLI_FLAGS;

export interface ParsedArgs {
  operation?: string;
  inputs: Record<string, string>;
  flags: Partial<Record<CliFlag, string>>;
  help: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The environment variable that can carry an input: `AWS_TASK_PACK_KEY_PREFIX` for `key-prefix`. */
export function envNameFor(input: string): string {
  return `AWS_TASK_PACK_${input.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * `aws-task-pack <operation> --flag value --flag=value --bool-flag`. A flag given twice (e.g. two
 * `--path`) becomes two lines of that input. Unknown flags are errors, never ignored.
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { inputs: {}, flags: {}, help: false };
  const known = new Set<string>(Object.keys(INPUTS));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (parsed.operation !== undefined)
        throw new UsageError(`Unexpected argument ${JSON.stringify(arg)}: flags start with --.`);
      parsed.operation = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
    else value = 'true';
    if (name in CLI_FLAGS) parsed.flags[name as CliFlag] = value;
    else if (known.has(name) && name !== 'operation')
      parsed.inputs[name] = parsed.inputs[name] !== undefined ? `${parsed.inputs[name]}\n${value}` : value;
    else
      throw new UsageError(
        `Unknown flag --${name}. Run \`aws-task-pack ${parsed.operation ?? '<operation>'} --help\` for the flags.`,
      );
  }
  return parsed;
}

function wrap(text: string, indent: number, width = 100): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > width - indent) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function flagLines(names: string[]): string[] {
  return names.map((name) => {
    const spec = INPUTS[name as keyof typeof INPUTS] as InputSpec;
    const dflt = spec.docDefault ?? (spec.default !== undefined ? `\`${spec.default}\`` : undefined);
    const text = `${spec.description}${dflt ? ` Default: ${dflt.replace(/`/g, '')}.` : ''}`;
    return `  --${name.padEnd(32)} ${wrap(text.replace(/`/g, ''), 37)}`;
  });
}

export const USAGE = `Usage: aws-task-pack <${OPERATIONS.join('|')}> [--flag value ...]`;

/** Help generated from the same input definitions as action.yml: no hand-kept copy. */
export function helpText(operation?: OperationName): string {
  const header = [
    'aws-task-pack: the same operations as the GitHub action, for any CI.',
    '',
    USAGE,
    '',
    'Every action input is a --flag of the same name (repeat a flag for several lines) and can also be',
    'set as AWS_TASK_PACK_<INPUT> (e.g. AWS_TASK_PACK_KEY_PREFIX). Logs go to stderr, outputs to stdout,',
    'the exit codes are the action’s. Web identity: --web-identity-token-file or AWS_WEB_IDENTITY_TOKEN_FILE',
    '(with --role-to-assume or AWS_ROLE_ARN).',
    '',
  ];
  const cli = Object.entries(CLI_FLAGS).map(([k, v]) => `  --${k.padEnd(32)} ${wrap(v, 37)}`);
  if (!operation)
    return [
      ...header,
      'CLI flags:',
      ...cli,
      '',
      'Run `aws-task-pack <operation> --help` for its flags.',
      '',
    ].join('\n');
  return [
    ...header,
    `${operation} flags:`,
    ...flagLines(inputsFor(operation)),
    '',
    'Common flags:',
    ...flagLines(inputsFor('common').filter((n) => n !== 'operation')),
    '',
    'CLI flags:',
    ...cli,
    '',
  ].join('\n');
}
