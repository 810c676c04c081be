/**
 * The inputs and outputs every operation shares, and those several share. Each operation defines its
 * own beside itself; the operation registry (src/operations/schema.ts) assembles the whole schema,
 * from which `action.yml`, the README tables, the parsers and the CLI's flags come.
 */
import { OPERATIONS, type InputSpec, type OperationName, type OutputSpec } from './spec.js';

export { OPERATIONS, type InputSpec, type OperationName, type OutputSpec };

export const COMMON_INPUTS = {
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
    description:
      'Plan only: read, never write. `prune` plans unless `dry-run` is `false`: give `dry-run: false` to delete.',
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
  'pr-comment': {
    description:
      'On `pull_request`/`pull_request_target` events, also post the summary (redacted) as one sticky PR comment per job and step, updated on every push. Needs `pull-requests: write`; without it, a warning.',
    default: 'false',
  },
  'github-token': {
    description: 'Token for `pr-comment`.',
    actionDefault: '${{ github.token }}',
    docDefault: '`${{ github.token }}`',
  },
  'job-summary': {
    description: 'Write the job summary.',
    default: 'true',
  },
} as const satisfies Record<string, InputSpec>;

export type CommonInputName = keyof typeof COMMON_INPUTS;

/** Inputs several operations share. */
export const BUCKET_INPUTS = {
  bucket: {
    description:
      'The bucket name, validated before any request (3–63 characters, lowercase, no reserved prefixes or suffixes).',
    docDefault: 'required',
    operations: ['ensure-bucket', 'upload-artifact', 'prune'],
  },
  tags: {
    description:
      '`key=value` lines. `ensure-bucket`: bucket tags; the keys given are set, other tags are kept unless `tags-exclusive: true`. `upload-artifact`: tags of every uploaded object.',
    operations: ['ensure-bucket', 'upload-artifact'],
  },
  'kms-key-id': {
    description:
      'KMS key id, ARN or alias for `aws:kms` encryption (`ensure-bucket`: `encryption: aws:kms`; `upload-artifact`: `sse: aws:kms`). Default: the AWS managed key `aws/s3`.',
    operations: ['ensure-bucket', 'upload-artifact'],
  },
} as const satisfies Record<string, InputSpec>;

/**
 * Every name is defined once: an input or output two operations share lives in a shared group here,
 * never in two operation schemas (a spread would silently keep only the last definition).
 */
export function assertDisjoint(kind: string, groups: Array<Record<string, unknown>>): void {
  const seen = new Set<string>();
  for (const group of groups)
    for (const name of Object.keys(group)) {
      if (seen.has(name))
        throw new Error(
          `The ${kind} \`${name}\` is defined twice: move it to a shared group in src/inputs/schema.ts.`,
        );
      seen.add(name);
    }
}

export type BucketInputName = keyof typeof BUCKET_INPUTS;

export const COMMON_OUTPUTS = {
  'exit-code': { description: 'The exit code of the step (see the exit-code table); set on success too.' },
  'error-code': {
    description: 'The AWS error code, or ours (`InvalidInput`, `NoIdToken`, …), when the step failed.',
  },
  'dry-run': { description: '`true` when the step only planned.' },
  'caller-arn': {
    description: 'The ARN of the identity the step ran as (set when `allowed-account-ids` is given).',
  },
} as const satisfies Record<string, OutputSpec>;

/** Outputs several operations share. */
export const SHARED_OUTPUTS = {
  'manifest-path': {
    description:
      'Path of the JSON manifest: the objects uploaded (`upload-artifact`) or deleted, in dry-run to be deleted (`prune`).',
    operations: ['upload-artifact', 'prune'],
  },
} as const satisfies Record<string, OutputSpec>;
