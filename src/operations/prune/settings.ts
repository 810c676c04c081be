import { InputError } from '../../errors.js';
import type { CommonSettings } from '../../inputs/common.js';
import { quote, type InputReader } from '../../inputs/reader.js';
import type { InputName } from '../schema.js';
import { parseBucket } from '../../inputs/key-values.js';
import { anyGlob, globToRegExp, type KeyMatcher } from './glob.js';

export type GroupBy = 'object' | 'folder';
export type VersionsMode = 'current' | 'all';

export interface OlderThan {
  /** Objects last modified strictly before this qualify. */
  cutoff: Date;
  /** As given, for messages. */
  input: string;
}

export interface PruneSettings {
  bucket: string;
  /** `''` only with `allow-whole-bucket: true`. */
  prefix: string;
  olderThan?: OlderThan;
  keepLatest: number;
  groupBy: GroupBy;
  include: string[];
  exclude: string[];
  /** include/exclude applied to a key relative to the prefix. */
  selects: KeyMatcher;
  versions: VersionsMode;
  abortIncompleteUploads: boolean;
  maxDeletes: number;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** A hundred years: anything longer is a typo, and keeps the cutoff a valid date. */
const MAX_AGE_MS = 36_500 * UNIT_MS.d;
const DURATION = /^(\d{1,9})(m|h|d|w)$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
/** A duration input (`30d`) in milliseconds, or undefined when the input is not a duration. */
export function durationMs(value: string): number | undefined {
  const m = DURATION.exec(value);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

const OLDER_THAN_FORMS =
  'a duration such as `90m`, `12h`, `30d`, `2w`, or an ISO-8601 instant such as `2026-01-01T00:00:00Z`';

/** `older-than` as a cutoff instant: a duration counts back from `now`; an instant must be in the past. */
export function parseOlderThan(value: string, now: number): OlderThan {
  const ms = durationMs(value);
  if (ms !== undefined) {
    if (ms === 0) throw new InputError('older-than', `${quote(value)} is zero`, 'a positive duration');
    if (ms > MAX_AGE_MS) throw new InputError('older-than', `${quote(value)} is over 100 years`);
    return { cutoff: new Date(now - ms), input: value };
  }
  const instant = INSTANT.exec(value);
  if (instant) {
    const [, y, mo, d, h = '00', mi = '00', s = '00'] = instant;
    // Date.parse rolls 2026-02-30 over into March: check the fields ourselves.
    const fields = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
    const check = new Date(fields);
    const valid =
      check.getUTCFullYear() === +y! &&
      check.getUTCMonth() === +mo! - 1 &&
      check.getUTCDate() === +d! &&
      check.getUTCHours() === +h &&
      check.getUTCMinutes() === +mi &&
      check.getUTCSeconds() === +s;
    const time = Date.parse(instant[4] === undefined ? `${value}T00:00:00Z` : value);
    if (!valid || Number.isNaN(time))
      throw new InputError('older-than', `${quote(value)} is not a valid date and time`, OLDER_THAN_FORMS);
    if (time > now)
      throw new InputError(
        'older-than',
        `${quote(value)} is in the future, so every object would qualify`,
        'an instant in the past',
      );
    return { cutoff: new Date(time), input: value };
  }
  throw new InputError(
    'older-than',
    `${quote(value)} is neither a duration nor an instant`,
    OLDER_THAN_FORMS,
  );
}

function parseGlobs(reader: InputReader<InputName>, name: 'include' | 'exclude'): string[] {
  const patterns = reader.lines(name);
  for (const p of patterns) {
    try {
      globToRegExp(p);
    } catch (err) {
      throw new InputError(name, `${quote(p)}: ${(err as Error).message}`, 'a glob such as `**/*.zip`');
    }
  }
  return patterns;
}

export function parsePrune(
  reader: InputReader<InputName>,
  _common: CommonSettings,
  now = Date.now(),
): PruneSettings {
  const bucket = parseBucket(reader, 'prune');
  const wholeBucket = reader.boolean('allow-whole-bucket');
  const prefix = reader.string('prefix') ?? '';
  if (!prefix && !wholeBucket)
    throw new InputError(
      'prefix',
      'is required by `prune` (an empty prefix means the whole bucket)',
      'a key prefix such as `builds/`, or `allow-whole-bucket: true` to prune the whole bucket',
    );
  // S3 keys are at most 1024 bytes of UTF-8: a longer prefix matches nothing.
  if (Buffer.byteLength(prefix) > 1024) throw new InputError('prefix', 'is longer than 1024 bytes (UTF-8)');

  const olderThanInput = reader.string('older-than');
  const olderThan = olderThanInput === undefined ? undefined : parseOlderThan(olderThanInput, now);
  const keepLatest = reader.integer('keep-latest', 0, 1_000_000);
  if (!olderThan && keepLatest === 0)
    throw new InputError(
      'older-than',
      'is missing and so is `keep-latest`: nothing would limit the deletion',
      'at least one of `older-than` (e.g. `30d`) and `keep-latest` (e.g. `5`)',
    );

  const include = parseGlobs(reader, 'include');
  const exclude = parseGlobs(reader, 'exclude');
  const included = include.length ? anyGlob(include) : () => true;
  const excluded = exclude.length ? anyGlob(exclude) : () => false;

  return {
    bucket,
    prefix,
    olderThan,
    keepLatest,
    groupBy: reader.choice('group-by', ['object', 'folder'] as const),
    include,
    exclude,
    selects: (key) => included(key) && !excluded(key),
    versions: reader.choice('versions', ['current', 'all'] as const),
    abortIncompleteUploads: reader.boolean('abort-incomplete-uploads'),
    maxDeletes: reader.integer('max-deletes', 0, 100_000_000),
  };
}
