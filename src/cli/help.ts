import { EXIT_CODE_TABLE } from '../errors.js';
import { INPUTS, OPERATIONS, inputsFor, type InputSpec, type OperationName } from '../operations/schema.js';
import { CLI_FLAGS, OPERATION_HELP, placeholderFor } from './flags.js';
import { inputsAsFlags } from './input-names.js';

const WIDTH = 100;
const FLAG_COLUMN = 36;

function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > WIDTH - indent) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** Schema prose for a terminal: flags instead of inputs, no Markdown code marks. */
const plain = (markdown: string): string => inputsAsFlags(markdown, { bare: true }).replace(/`/g, '');

/** `  --keep-latest N          Always keep ... (default: 0)`, wrapped under the description column. */
function flagLine(flag: string, description: string): string {
  const head = `  ${flag}`;
  const body = wrap(description, FLAG_COLUMN);
  return head.length < FLAG_COLUMN - 1
    ? `${head.padEnd(FLAG_COLUMN)}${body}`
    : `${head}\n${' '.repeat(FLAG_COLUMN)}${body}`;
}

function inputLine(name: string): string {
  const spec = INPUTS[name as keyof typeof INPUTS] as InputSpec;
  const placeholder = placeholderFor(name);
  const flag = `--${name}${placeholder ? ` ${placeholder}` : ''}`;
  const stated = spec.docDefault ?? spec.default;
  const required = stated === 'required';
  // Defaults only the runner can evaluate (`${{ github.token }}`) mean nothing here.
  const shown = !required && stated && !stated.includes('${{') ? ` (default: ${plain(stated)})` : '';
  return flagLine(flag, `${required ? '(required) ' : ''}${plain(spec.description)}${shown}`);
}

const cliFlagLines = (): string[] =>
  Object.entries(CLI_FLAGS).map(([name, f]) =>
    flagLine(`--${name}${f.placeholder ? ` ${f.placeholder}` : ''}`, plain(f.description)),
  );

const exitCodes = (): string[] =>
  EXIT_CODE_TABLE.map(({ code, meaning }) => `  ${String(code).padEnd(5)}${meaning}`);

const ENVIRONMENT = [
  'Every flag of an input can also be set as AWS_TASK_PACK_<NAME> (AWS_TASK_PACK_KEY_PREFIX for',
  '--key-prefix); the flag wins. Web identity: --web-identity-token-file or AWS_WEB_IDENTITY_TOKEN_FILE,',
  'with --role-to-assume or AWS_ROLE_ARN. AWS_REGION, AWS_ENDPOINT_URL and the SDK credential variables',
  'are read as the AWS CLI reads them.',
];

export const USAGE = 'Usage: aws-task-pack <operation> [flags]';

/** The help of one operation, or of the command: generated from the input schema, nothing kept by hand. */
export function helpText(operation?: OperationName): string {
  if (!operation)
    return [
      'aws-task-pack: S3 and Secrets Manager chores for any CI, the operations of the GitHub action.',
      '',
      'Usage:',
      '  aws-task-pack <operation> [flags]',
      '  aws-task-pack help <operation>',
      '  aws-task-pack --version',
      '',
      'Operations:',
      ...OPERATIONS.map((o) => flagLine(o, OPERATION_HELP[o].summary)),
      '',
      'Flags of every operation, beside its own:',
      ...cliFlagLines(),
      '',
      'Examples:',
      ...OPERATIONS.flatMap((o) => {
        const [comment, command] = OPERATION_HELP[o].examples[0]!;
        return [`  # ${comment}`, `  ${command}`];
      }),
      '',
      ...ENVIRONMENT,
      '',
      "Run 'aws-task-pack <operation> --help' for the flags of an operation.",
      '',
    ].join('\n');
  const help = OPERATION_HELP[operation];
  return [
    `aws-task-pack ${operation}: ${help.summary}`,
    '',
    `Usage: aws-task-pack ${operation} [flags]`,
    '',
    `Flags of ${operation}:`,
    ...inputsFor(operation).map(inputLine),
    '',
    'Common flags:',
    ...inputsFor('common')
      .filter((n) => n !== 'operation')
      .map(inputLine),
    '',
    'Output and CLI flags:',
    ...cliFlagLines(),
    '',
    'Examples:',
    ...help.examples.flatMap(([comment, command]) => [`  # ${comment}`, `  ${command}`]),
    '',
    ...ENVIRONMENT,
    '',
    'Exit codes:',
    ...exitCodes(),
    '',
  ].join('\n');
}
