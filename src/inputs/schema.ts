/**
 * The one definition of every input and output. `action.yml`, the README tables, the parsers (through
 * the typed names) and later the CLI's flags all come from here; `npm run generate` rewrites the
 * files and a test fails when they drift.
 */
export const OPERATIONS = ['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'] as const;
export type OperationName = (typeof OPERATIONS)[number];

export interface InputSpec {
  description: string;
  /** The literal default the parser applies (and `action.yml` declares). */
  default?: string;
  /** How the README states the default when it is not a literal (e.g. taken from the environment). */
  docDefault?: string;
  /** The operations the input belongs to; absent means every operation (a common input). */
  operations?: readonly OperationName[];
  /** Required by `action.yml` itself (only `operation`); per-operation requirements are checked by the parsers. */
  required?: boolean;
}

export const INPUTS = {
  operation: {
    description: `What to do: ${OPERATIONS.map((o) => `\`${o}\``).join(', ')}.`,
    required: true,
  },
  'aws-region': {
    description: 'AWS region for every client. A full ARN’s own region wins for that resource.',
    docDefault: '`AWS_REGION`, then `AWS_DEFAULT_REGION`',
  },
  'role-to-assume': {
    description:
      'IAM role ARN. With an OIDC token (GitHub `id-token: write`, or `web-identity-token-file`): `AssumeRoleWithWebIdentity`; otherwise `AssumeRole` from the ambient credentials (role chaining). Without it: the SDK default chain (env, profile, instance role).',
  },
  'web-identity-token-file': {
    description:
      'Read the OIDC JWT from this file instead of asking GitHub (other CIs, Kubernetes). Read again on every refresh.',
  },
  audience: {
    description: 'OIDC audience of the GitHub ID token.',
    default: 'sts.amazonaws.com',
  },
  'role-session-name': {
    description:
      'Session name; must match `[\\w+=,.@-]{2,64}`. The default is built from the GitHub context and sanitised.',
    docDefault: '`gh-<repo>-<run_id>-<attempt>`',
  },
  'role-duration-seconds': {
    description:
      'Session duration, 900–43200. Web-identity credentials refresh themselves before they expire.',
    default: '3600',
  },
  'role-skip-session-tagging': {
    description:
      'Do not tag `AssumeRole` sessions with the GitHub context (needed when the trust policy lacks `sts:TagSession`).',
    default: 'false',
  },
  'allowed-account-ids': {
    description:
      'Comma-separated 12-digit account ids. After authenticating, `GetCallerIdentity` must return one of them (else exit 4, before any other call).',
  },
  'endpoint-url': {
    description:
      'One endpoint for every service (S3-compatible stores such as Ceph RGW, MinIO, R2, and emulators). With it, S3 checksums are sent only when required.',
    docDefault: '`AWS_ENDPOINT_URL`',
  },
  'force-path-style': {
    description: 'Use S3 path-style addressing.',
    default: 'false',
  },
  'dry-run': {
    description: 'Plan only: read, never write.',
    docDefault: '`false` (`prune`: `true`)',
  },
  'log-format': {
    description: '`text` or `json` (one object per line).',
    default: 'text',
  },
  'max-attempts': {
    description: 'Attempts per AWS call (adaptive retry mode), 1–20. Only retryable errors are retried.',
    default: '10',
  },
  'connect-timeout-ms': {
    description: 'TCP connect timeout per attempt.',
    default: '5000',
  },
  'read-timeout-ms': {
    description: 'Socket read timeout per attempt: no call may hang forever.',
    default: '60000',
  },
  'job-summary': {
    description: 'Write the job summary.',
    default: 'true',
  },
  'secret-ids': {
    description:
      'One per line: `name-or-arn`, `ALIAS,name-or-arn`, or `prefix*` (every secret whose name starts with prefix).',
    docDefault: 'required',
    operations: ['fetch-secret'],
  },
  'version-stage': {
    description: 'Version stage to read.',
    default: 'AWSCURRENT',
    operations: ['fetch-secret'],
  },
  'version-id': {
    description: 'Version id to read (instead of a stage).',
    operations: ['fetch-secret'],
  },
  'parse-json': {
    description:
      'A JSON-object secret yields one variable per leaf (`ALIAS_KEY`, nested keys joined with `_`) instead of one for the whole value.',
    default: 'false',
    operations: ['fetch-secret'],
  },
  'json-keys': {
    description:
      'With `parse-json`: export (and mask) only these keys of JSON secrets, comma- or line-separated; nested keys as `a.b`. A key no JSON secret has is an error; non-JSON secrets are exported whole.',
    operations: ['fetch-secret'],
  },
  'name-transformation': {
    description: '`uppercase`, `lowercase` or `none`; names always become valid variable names.',
    default: 'uppercase',
    operations: ['fetch-secret'],
  },
  'export-env': {
    description: 'Write the variables to `GITHUB_ENV` for later steps (multiline-safe).',
    default: 'true',
    operations: ['fetch-secret'],
  },
  'set-outputs': {
    description: 'Also set one step output per variable.',
    default: 'true',
    operations: ['fetch-secret'],
  },
  'write-to-dir': {
    description:
      'Also write each value to a file named after its variable in this directory, mode 0600; binary secrets as bytes.',
    operations: ['fetch-secret'],
  },
} as const satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;

export interface OutputSpec {
  description: string;
  operations?: readonly OperationName[];
}

export const OUTPUTS = {
  'exit-code': { description: 'The exit code of the step (see the exit-code table); set on success too.' },
  'error-code': {
    description: 'The AWS error code, or ours (`InvalidInput`, `NoIdToken`, …), when the step failed.',
  },
  'dry-run': { description: '`true` when the step only planned.' },
  'caller-arn': {
    description: 'The ARN of the identity the step ran as (set when `allowed-account-ids` is given).',
  },
  'secret-count': {
    description: 'How many secrets were read (or, in dry-run, checked).',
    operations: ['fetch-secret'],
  },
  variables: {
    description:
      'JSON list of the variable names exported; with `set-outputs`, each is also an output of the same name.',
    operations: ['fetch-secret'],
  },
} as const satisfies Record<string, OutputSpec>;

export type OutputName = keyof typeof OUTPUTS;

export function inputsFor(operation: OperationName | 'common'): InputName[] {
  return (Object.keys(INPUTS) as InputName[]).filter((name) => {
    const ops = (INPUTS[name] as InputSpec).operations;
    return operation === 'common' ? !ops : ops?.includes(operation);
  });
}
