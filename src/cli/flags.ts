import { INPUTS, type InputName, type InputSpec, type OperationName } from '../operations/schema.js';

/**
 * Inputs that are yes/no: as flags they stand alone (`--dry-run`) or take `true`/`false`. Every other
 * input takes a value, shown in the help as its placeholder below; a test keeps both lists complete.
 */
export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set<InputName>([
  'role-skip-session-tagging',
  'force-path-style',
  'dry-run',
  'pr-comment',
  'job-summary',
  'bucket-key',
  'tags-exclusive',
  'allow-whole-bucket',
  'abort-incomplete-uploads',
  'include-hidden-files',
  'manifest',
  'upload-manifest',
  'follow-symlinks',
  'allow-outside-root',
  'delete-removed',
  'parse-json',
  'export-env',
  'set-outputs',
]);

/** What a value-taking input's flag expects, as `--keep-latest N` shows it. */
export const VALUE_PLACEHOLDERS: Partial<Record<InputName, string>> = {
  'aws-region': 'REGION',
  'role-to-assume': 'ARN',
  'web-identity-token-file': 'FILE',
  audience: 'AUDIENCE',
  'role-session-name': 'NAME',
  'role-duration-seconds': 'SECONDS',
  'allowed-account-ids': 'IDS',
  'endpoint-url': 'URL',
  'log-format': 'text|json',
  'max-attempts': 'N',
  'connect-timeout-ms': 'MS',
  'read-timeout-ms': 'MS',
  'github-token': 'TOKEN',
  bucket: 'NAME',
  tags: 'KEY=VALUE',
  'kms-key-id': 'KEY',
  versioning: 'enabled|suspended|unchanged',
  encryption: 'AES256|aws:kms|unchanged',
  'block-public-access': 'true|false|unchanged',
  'object-ownership': 'MODE',
  'expire-after-days': 'DAYS',
  'expire-prefix': 'PREFIX',
  'abort-incomplete-multipart-days': 'DAYS',
  'lifecycle-rules': 'RULE',
  prefix: 'PREFIX',
  'older-than': 'AGE|DATE',
  'keep-latest': 'N',
  'group-by': 'object|folder',
  include: 'GLOB',
  exclude: 'GLOB',
  versions: 'current|all',
  'max-deletes': 'N',
  path: 'PATH',
  root: 'DIR',
  'key-prefix': 'PREFIX',
  'if-no-files-found': 'error|warn|ignore',
  overwrite: 'true|false|if-changed',
  'content-type': 'TYPE',
  'cache-control': 'VALUE',
  metadata: 'KEY=VALUE',
  'storage-class': 'CLASS',
  sse: 'AES256|aws:kms|aws:kms:dsse',
  'part-size-mb': 'MIB',
  concurrency: 'N',
  'part-concurrency': 'N',
  'memory-budget-mb': 'MIB',
  'presign-expires': 'SECONDS',
  'public-base-url': 'URL',
  'delete-removed-exclude': 'GLOB',
  'secret-ids': 'ID',
  'version-stage': 'STAGE',
  'version-id': 'ID',
  'json-keys': 'KEYS',
  'name-transformation': 'uppercase|lowercase|none',
  'binary-encoding': 'utf8|base64',
  'write-to-dir': 'DIR',
};

export function placeholderFor(flag: string): string | undefined {
  // An alias (`--parse-json-secrets`) takes what its input takes.
  const input =
    Object.entries(INPUTS).find(([, spec]) => (spec as InputSpec).aliases?.[flag] !== undefined)?.[0] ?? flag;
  if (BOOLEAN_INPUTS.has(input as InputName)) return undefined;
  return VALUE_PLACEHOLDERS[input as InputName] ?? 'VALUE';
}

/** The CLI's own flags, beside one `--<input>` flag per action input. */
export const CLI_FLAGS = {
  output: {
    placeholder: 'json|text',
    description:
      'json (default): the outputs as one JSON object with typed values on stdout; text: key=value lines',
  },
  'summary-file': {
    placeholder: 'FILE',
    description: 'write the Markdown summary here (default: the summary as plain text on stderr)',
  },
  'export-file': {
    placeholder: 'FILE',
    description:
      'write exported variables here as shell `export NAME=...` lines, mode 0600 (fetch-secret); without it nothing is exported',
  },
  help: {
    placeholder: undefined,
    description: 'show this help (also: -h, `aws-task-pack help <operation>`)',
  },
  version: { placeholder: undefined, description: 'print the version (also: -v)' },
} as const;

export type CliFlag = keyof typeof CLI_FLAGS;

export interface OperationHelp {
  summary: string;
  examples: Array<[comment: string, command: string]>;
}

/** One line per operation and a few commands that show its flags in use. */
export const OPERATION_HELP: Record<OperationName, OperationHelp> = {
  'ensure-bucket': {
    summary:
      'Converge a bucket to a declared state (create it, versioning, encryption, public access, tags, lifecycle).',
    examples: [
      [
        'Plan: what would change',
        'aws-task-pack ensure-bucket --bucket my-artifacts --versioning enabled --dry-run',
      ],
      [
        'Apply, with tags and a lifecycle rule',
        'aws-task-pack ensure-bucket --bucket my-artifacts --tags team=ci --expire-after-days 90 --expire-prefix previews/',
      ],
    ],
  },
  'upload-artifact': {
    summary: 'Upload files and globs to S3 with content types, checksums and a manifest.',
    examples: [
      [
        'Plan: list what would be uploaded',
        "aws-task-pack upload-artifact --bucket my-artifacts --path 'dist/**' --dry-run",
      ],
      [
        'Upload, skipping what is already there',
        "aws-task-pack upload-artifact --bucket my-artifacts --path dist --path '!dist/**/*.map' --key-prefix releases/v1.2.3/ --overwrite if-changed",
      ],
    ],
  },
  prune: {
    summary: 'Delete old objects under a prefix by age and keep-latest; plans unless --dry-run false.',
    examples: [
      [
        'Plan (the default for prune)',
        'aws-task-pack prune --bucket my-artifacts --prefix builds/ --older-than 30d --keep-latest 5',
      ],
      [
        'Delete',
        'aws-task-pack prune --bucket my-artifacts --prefix builds/ --older-than 30d --keep-latest 5 --dry-run false',
      ],
    ],
  },
  'fetch-secret': {
    summary: 'Read Secrets Manager secrets; values go only to --export-file, everything printed is redacted.',
    examples: [
      [
        'Export a password for a later shell step',
        'aws-task-pack fetch-secret --secret-ids DB,prod/db --parse-json --json-keys password --export-file secrets.sh',
      ],
      [
        'Check that the secrets exist, reading no value',
        "aws-task-pack fetch-secret --secret-ids 'prod/*' --dry-run",
      ],
    ],
  },
};
