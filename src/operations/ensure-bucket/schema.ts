import type { InputSpec, OutputSpec } from '../../inputs/spec.js';

/** The inputs and outputs of `ensure-bucket`; merged into the one schema in src/inputs/schema.ts. */
export const ENSURE_BUCKET_INPUTS = {
  versioning: {
    description: '`enabled`, `suspended` or `unchanged`.',
    default: 'unchanged',
    operations: ['ensure-bucket'],
  },
  encryption: {
    description: 'Default encryption: `AES256`, `aws:kms` or `unchanged`.',
    default: 'AES256',
    operations: ['ensure-bucket'],
  },
  'bucket-key': {
    description: 'S3 Bucket Keys for `aws:kms` (fewer KMS requests).',
    default: 'true',
    operations: ['ensure-bucket'],
  },
  'block-public-access': {
    description: '`true`: all four public-access-block flags on; `false`: all off; `unchanged`.',
    default: 'true',
    operations: ['ensure-bucket'],
  },
  'object-ownership': {
    description:
      '`BucketOwnerEnforced` (ACLs disabled), `BucketOwnerPreferred`, `ObjectWriter` or `unchanged`.',
    default: 'BucketOwnerEnforced',
    operations: ['ensure-bucket'],
  },
  'tags-exclusive': {
    description: 'Remove bucket tags that `tags` does not list.',
    default: 'false',
    operations: ['ensure-bucket'],
  },
  'expire-after-days': {
    description:
      'Expire objects (under `expire-prefix`) this many days after creation, through the managed lifecycle rule.',
    operations: ['ensure-bucket'],
  },
  'expire-prefix': {
    description: 'The key prefix the managed lifecycle rule applies to (default: the whole bucket).',
    operations: ['ensure-bucket'],
  },
  'abort-incomplete-multipart-days': {
    description:
      'Abort incomplete multipart uploads after this many days, in the managed lifecycle rule; `0` leaves it out. Other lifecycle rules are always preserved.',
    default: '7',
    operations: ['ensure-bucket'],
  },
  'lifecycle-rules': {
    description:
      'More lifecycle rules, one per line, each owned by its ID: `id=NAME [prefix=PREFIX] [expire-days=N] [noncurrent-days=N [keep-noncurrent=N]] [abort-incomplete-days=N] [expired-delete-markers=true]`, or `id=NAME state=absent` to remove one. A rule whose ID is not listed is left alone. Quote a prefix with spaces as a JSON string (`prefix="my dir/"`).',
    operations: ['ensure-bucket'],
  },
} as const satisfies Record<string, InputSpec>;

export const ENSURE_BUCKET_OUTPUTS = {
  'bucket-arn': { description: 'The bucket ARN.', operations: ['ensure-bucket'] },
  region: { description: 'The bucket region.', operations: ['ensure-bucket'] },
  created: {
    description: '`true` when the bucket was created (in dry-run: would be).',
    operations: ['ensure-bucket'],
  },
  changed: {
    description: '`true` when anything was changed (in dry-run: would be).',
    operations: ['ensure-bucket'],
  },
  changes: {
    description:
      'JSON list of the changes applied (in dry-run: planned): `{setting, op, from, to}` with op `+`, `~` or `-`.',
    operations: ['ensure-bucket'],
  },
} as const satisfies Record<string, OutputSpec>;
