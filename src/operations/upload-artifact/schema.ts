import type { InputSpec, OutputSpec } from '../../inputs/spec.js';

const OP = ['upload-artifact'] as const;

/** The inputs and outputs of `upload-artifact`; merged into the one schema in src/inputs/schema.ts. */
export const UPLOAD_ARTIFACT_INPUTS = {
  path: {
    description:
      'Files, directories (recursive) and globs, one per line; `!pattern` excludes. Relative paths start at the working directory.',
    docDefault: 'required',
    operations: OP,
  },
  root: {
    description: 'Keys are `key-prefix` + the path relative to this directory, with `/` separators.',
    docDefault: 'least common ancestor of the paths',
    operations: OP,
  },
  'key-prefix': {
    description:
      'Prefix of every key; may use `{repo}`, `{sha}`, `{short_sha}`, `{ref_name}`, `{run_id}`, `{run_attempt}`, `{pr_number}`, `{date}`. The resolved prefix is an output.',
    default: '',
    operations: OP,
  },
  'if-no-files-found': {
    description: '`error` (exit 1), `warn` or `ignore` when the paths match no file.',
    default: 'warn',
    operations: OP,
  },
  'include-hidden-files': {
    description: 'Upload dot-files and the contents of dot-folders (left out by default).',
    default: 'false',
    operations: OP,
  },
  overwrite: {
    description:
      '`true`; `false`: an existing key is an error (exit 7) and nothing is uploaded; `if-changed`: skip files whose size, SHA-256 and headers are already there.',
    default: 'true',
    operations: OP,
  },
  'content-type': {
    description:
      '`auto` (an OS-independent table of extensions, `charset=utf-8` on text types), or one value for every file.',
    default: 'auto',
    operations: OP,
  },
  'cache-control': {
    description:
      'One value for every file, or rules of `glob: value` lines matched against the path relative to `root` (the first match wins), e.g. `**/*.html: no-cache`.',
    operations: OP,
  },
  metadata: {
    description:
      '`key=value` lines of object metadata (`x-amz-meta-*`). `sha256` is reserved for the content’s SHA-256: stored on every object sent in one request, and on multipart objects with `overwrite: if-changed` (it has to be known before the first part goes).',
    operations: OP,
  },
  'storage-class': {
    description: 'S3 storage class, e.g. `STANDARD_IA`, `INTELLIGENT_TIERING`, `GLACIER_IR`.',
    operations: OP,
  },
  sse: {
    description:
      'Server-side encryption of the objects: `AES256`, `aws:kms` or `aws:kms:dsse` (default: the bucket’s).',
    operations: OP,
  },
  'part-size-mb': {
    description:
      'Multipart part size, 5–5120; files larger than one part go multipart. Grows by itself so no file needs more than 10,000 parts.',
    default: '8',
    operations: OP,
  },
  concurrency: {
    description:
      'Most files in flight, 1–64. The upload starts with 16 and doubles while that raises throughput (a distant store rewards more; a busy CPU does not), backs off when S3 throttles or errs, and never goes above this.',
    default: '64',
    operations: OP,
  },
  'part-concurrency': {
    description:
      'Most parts of one large file in flight, 1–32. A file starts with as many as `memory-budget-mb` holds (32 parts of 8 MiB), up to this, and sends fewer when S3 throttles, a request fails or latency grows while throughput falls. All parts together stay within `memory-budget-mb`.',
    default: '32',
    operations: OP,
  },
  'memory-budget-mb': {
    description:
      'MiB that the part buffers of all files in flight may take together (16–65536); parts wait for room. At least one part is always in flight, so a part larger than the budget still goes, one at a time.',
    default: '256',
    operations: OP,
  },
  manifest: {
    description:
      'Write a JSON manifest (key, size, sha256, etag, content type, S3 URI, URL) and output its path.',
    default: 'true',
    operations: OP,
  },
  'upload-manifest': {
    description: 'Also store the manifest at `<key-prefix>manifest.json`.',
    default: 'false',
    operations: OP,
  },
  'presign-expires': {
    description:
      'Seconds (1–604800): add presigned GET URLs to the manifest and the `urls` output (never to logs or the summary). Capped at the credentials’ remaining lifetime, with a warning.',
    operations: OP,
  },
  'public-base-url': {
    description:
      'e.g. a CloudFront or website domain: links in the summary and outputs become `<base>/<key>`.',
    operations: OP,
  },
  'follow-symlinks': {
    description:
      'Follow symbolic links; a link that resolves outside `root` is refused (exit 1) unless `allow-outside-root: true`.',
    default: 'true',
    operations: OP,
  },
  'allow-outside-root': {
    description: 'Allow symbolic links that resolve outside `root`.',
    default: 'false',
    operations: OP,
  },
  'delete-removed': {
    description:
      'Mirror mode: make `key-prefix` hold exactly the uploaded files. Objects under it that are not in the upload set are deleted, after every upload succeeded. Needs a `key-prefix` ending in `/` (or `allow-whole-bucket: true` for an empty one) and is capped by `max-deletes`.',
    default: 'false',
    operations: OP,
  },
  'delete-removed-exclude': {
    description:
      "Globs, one per line, relative to `key-prefix`, of keys mirror mode never deletes (e.g. `uploads/**`); the syntax of prune's `exclude`.",
    operations: OP,
  },
} as const satisfies Record<string, InputSpec>;

export const UPLOAD_ARTIFACT_OUTPUTS = {
  'uploaded-count': { description: 'Files uploaded (in dry-run: that would be).', operations: OP },
  'skipped-count': {
    description: 'Files skipped because they were unchanged (`overwrite: if-changed`).',
    operations: OP,
  },
  bytes: { description: 'Bytes uploaded (in dry-run: that would be).', operations: OP },
  'key-prefix': { description: 'The resolved key prefix.', operations: OP },
  's3-uri': { description: '`s3://<bucket>/<key-prefix>`.', operations: OP },
  urls: {
    description: 'JSON object key → URL: presigned URLs, or public URLs from `public-base-url`.',
    operations: OP,
  },
} as const satisfies Record<string, OutputSpec>;
