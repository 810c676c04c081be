import { bucketNameProblem } from '../aws/bucket-name.js';
import { InputError } from '../errors.js';
import { InputReader, quote } from './reader.js';
import type { BucketInputName } from './schema.js';

/** Inputs read here are validated the same way by every operation that takes them. */

export function parseBucket(reader: InputReader<BucketInputName>, operation: string): string {
  const bucket = reader.required('bucket', operation);
  const problem = bucketNameProblem(bucket);
  if (problem) throw new InputError('bucket', `${quote(bucket)} ${problem}`, 'a valid S3 bucket name');
  return bucket;
}

/** `key=value` lines into a record: every line needs a key, and no key may come twice. */
export function parseKeyValueLines<N extends string>(
  reader: InputReader<N>,
  name: N,
  validKey: (key: string) => boolean,
  expected: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of reader.lines(name)) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw new InputError(name, `${quote(line)} is not a \`key=value\` line`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key in out) throw new InputError(name, `the key ${quote(key)} is given twice`);
    if (!validKey(key)) throw new InputError(name, `the key ${quote(key)} is not allowed`, expected);
    out[key] = value;
  }
  return out;
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** S3 tags (bucket or object): keys up to 128 and values up to 256 tag characters, no `aws:` keys. */
export function parseTags(reader: InputReader<BucketInputName>, limit: number): Record<string, string> {
  const tags = parseKeyValueLines(
    reader,
    'tags',
    (key) => key.length <= 128 && TAG_CHARS.test(key),
    'up to 128 letters, digits, spaces and `_.:/=+-@`',
  );
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase().startsWith('aws:'))
      throw new InputError('tags', `the key ${quote(key)} uses the reserved prefix \`aws:\``);
    if (value.length > 256 || !TAG_CHARS.test(value))
      throw new InputError(
        'tags',
        `the value of ${quote(key)} is not a valid tag value`,
        'up to 256 letters, digits, spaces and `_.:/=+-@`',
      );
  }
  const count = Object.keys(tags).length;
  if (count > limit) throw new InputError('tags', `lists ${count} tags`, `at most ${limit}`);
  return tags;
}
