import type { InputSpec, OutputSpec } from '../../inputs/spec.js';

const OP = ['prune'] as const;

/** The inputs and outputs of `prune`; merged into the one schema in src/inputs/schema.ts. */
export const PRUNE_INPUTS = {
  prefix: {
    description:
      'Only keys starting with this are considered; required and non-empty unless `allow-whole-bucket: true`. End it with `/` to stay inside a folder (`build` also matches `build-old/`, with a warning).',
    docDefault: 'required',
    operations: OP,
  },
  'allow-whole-bucket': {
    description:
      'Allow an empty `prefix` (prune), or an empty `key-prefix` with `delete-removed` (upload-artifact): deleting across the whole bucket.',
    default: 'false',
    operations: ['prune', 'upload-artifact'],
  },
  'older-than': {
    description:
      'Objects last modified before this qualify: a duration (`90m`, `12h`, `30d`, `2w`) before now, or an instant (`2026-01-01T00:00:00Z`, `2026-01-01` = midnight UTC). At least one of `older-than` and `keep-latest` is required.',
    operations: OP,
  },
  'keep-latest': {
    description:
      'Always keep the N newest units (objects, or folders with `group-by: folder`), whatever their age. With no `older-than`, every other unit goes.',
    default: '0',
    operations: OP,
  },
  'group-by': {
    description:
      '`object`, or `folder`: each first-level folder under the prefix is one unit, aged by its newest object and deleted or kept whole; objects directly under the prefix are then kept.',
    default: 'object',
    operations: OP,
  },
  include: {
    description:
      'Globs, one per line, matched against the key relative to the prefix (`*` and `?` stay within one `/` level, `**` crosses levels, `[abc]` classes): only matching keys are considered. A folder unit is considered only when all of its objects are.',
    operations: OP,
  },
  exclude: {
    description:
      'Globs like `include`: matching keys are never deleted; a folder holding one is kept whole (e.g. `*/KEEP` pins a folder).',
    operations: OP,
  },
  versions: {
    description:
      '`current`, or `all`: every version and delete marker qualifies by its own age (old noncurrent versions of a fresh key go, its current version stays), and delete markers left with no version behind them go too.',
    default: 'current',
    operations: OP,
  },
  'abort-incomplete-uploads': {
    description: 'Also abort multipart uploads under the prefix started before `older-than`.',
    default: 'true',
    operations: OP,
  },
  'max-deletes': {
    description:
      'Refuse (exit 7, nothing deleted, also in dry-run) when the plan would delete more than this many objects or versions; with `delete-removed` nothing is uploaded either.',
    default: '1000',
    operations: ['prune', 'upload-artifact'],
  },
} as const satisfies Record<string, InputSpec>;

/** `manifest-path` is shared with `upload-artifact` (src/inputs/schema.ts). */
export const PRUNE_OUTPUTS = {
  'deleted-count': {
    description:
      'Objects (with `versions: all`: versions and delete markers) deleted; with `delete-removed`, objects removed from the mirror; `0` in dry-run and when nothing was removed.',
    operations: ['prune', 'upload-artifact'],
  },
  'deleted-bytes': { description: 'Bytes deleted; `0` in dry-run.', operations: OP },
  'unconfirmed-count': {
    description:
      'Objects (or versions) sent in DeleteObjects calls that got no definite answer (a reset, a timeout, a 5xx, an answer that could not be read): perhaps deleted, in the manifest with `"unconfirmed": true` and not in `deleted-count`; `0` when every call was answered.',
    operations: OP,
  },
  'kept-count': {
    description:
      'Objects (or versions) under the prefix that stay: newer, among the latest, or filtered out.',
    operations: OP,
  },
  'planned-count': {
    description: 'Objects (or versions) the plan selected for deletion.',
    operations: OP,
  },
} as const satisfies Record<string, OutputSpec>;
