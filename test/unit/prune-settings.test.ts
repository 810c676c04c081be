import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import type { CommonSettings } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';
import { globToRegExp } from '../../src/operations/prune/glob.js';
import { parseOlderThan, parsePrune } from '../../src/operations/prune/settings.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const MIN = 60_000;

function parse(inputs: Record<string, string>) {
  const reader = schemaReader((name) => inputs[name]);
  return parsePrune(reader, {} as CommonSettings, NOW);
}

/** InputError messages start with the input's name: `Input \`older-than\`: …`. */
const about = (input: string, text = ''): RegExp =>
  new RegExp(`^Input \`${input}\`: .*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

describe('older-than', () => {
  it.each([
    ['90m', 90 * MIN],
    ['12h', 12 * 60 * MIN],
    ['30d', 30 * 24 * 60 * MIN],
    ['2w', 14 * 24 * 60 * MIN],
    ['1m', MIN],
    ['36500d', 36500 * 24 * 60 * MIN],
  ])('the duration %s counts back from now', (input, ms) => {
    const { cutoff, input: given } = parseOlderThan(input, NOW);
    expect(cutoff.getTime()).toBe(NOW - ms);
    expect(given).toBe(input);
  });

  it.each([
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00.250Z', '2026-01-01T00:00:00.250Z'],
    ['2026-01-01T02:00:00+02:00', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T02:00:00+0200', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
  ])('the instant %s is taken as is', (input, iso) => {
    expect(parseOlderThan(input, NOW).cutoff.toISOString()).toBe(iso);
  });

  it.each([
    ['30', 'neither a duration nor an instant'],
    ['30 d', 'neither a duration nor an instant'],
    ['30D', 'neither a duration nor an instant'],
    ['1y', 'neither a duration nor an instant'],
    ['-5d', 'neither a duration nor an instant'],
    ['1.5d', 'neither a duration nor an instant'],
    ['0h', 'is zero'],
    ['36501d', 'over 100 years'],
    ['5300w', 'over 100 years'],
    ['2026-02-30T00:00:00Z', 'not a valid date'],
    ['2025-02-29', 'not a valid date'],
    ['2026-01-01T24:00:00Z', 'not a valid date'],
    ['2026-01-01T00:00:00', 'neither a duration nor an instant'],
    ['2026-13-01', 'not a valid date'],
    ['2026-06-15T12:00:01Z', 'in the future'],
  ])('rejects %s (%s)', (input, problem) => {
    expect(() => parseOlderThan(input, NOW)).toThrow(InputError);
    expect(() => parseOlderThan(input, NOW)).toThrow(about('older-than', problem));
  });

  it('accepts the present instant itself', () => {
    expect(parseOlderThan('2026-06-15T12:00:00Z', NOW).cutoff.getTime()).toBe(NOW);
  });
});

describe('parsePrune', () => {
  const base = { bucket: 'my-bucket', prefix: 'builds/' };

  it('applies the defaults', () => {
    const s = parse({ ...base, 'older-than': '30d' });
    expect(s).toMatchObject({
      bucket: 'my-bucket',
      prefix: 'builds/',
      keepLatest: 0,
      groupBy: 'object',
      versions: 'current',
      abortIncompleteUploads: true,
      maxDeletes: 1000,
      include: [],
      exclude: [],
    });
    expect(s.olderThan?.cutoff.getTime()).toBe(NOW - 30 * 24 * 60 * MIN);
    expect(s.selects('anything/at/all')).toBe(true);
  });

  it('needs older-than or keep-latest', () => {
    expect(() => parse(base)).toThrow(about('older-than', '`keep-latest`'));
    expect(parse({ ...base, 'keep-latest': '3' }).olderThan).toBeUndefined();
    expect(() => parse({ ...base, 'keep-latest': '0', 'older-than': '1d' })).not.toThrow();
  });

  it('needs a prefix unless the whole bucket is allowed', () => {
    expect(() => parse({ bucket: 'my-bucket', 'older-than': '1d' })).toThrow(
      about('prefix', 'allow-whole-bucket'),
    );
    expect(() => parse({ ...base, prefix: '   ', 'older-than': '1d' })).toThrow(about('prefix'));
    expect(parse({ bucket: 'my-bucket', 'older-than': '1d', 'allow-whole-bucket': 'true' }).prefix).toBe('');
    expect(() => parse({ ...base, prefix: 'x'.repeat(1025), 'older-than': '1d' })).toThrow(about('prefix'));
  });

  it('validates the bucket name before anything else', () => {
    expect(() => parse({ ...base, bucket: 'ab', 'older-than': '1d' })).toThrow(about('bucket'));
  });

  it('reads include and exclude as one glob per line, relative to the prefix', () => {
    const s = parse({
      ...base,
      'older-than': '1d',
      include: '**/*.zip\n# a comment\nlogs/*',
      exclude: 'keep/**',
    });
    expect(s.include).toEqual(['**/*.zip', 'logs/*']);
    expect(s.selects('a.zip')).toBe(true);
    expect(s.selects('x/y/a.zip')).toBe(true);
    expect(s.selects('logs/today.txt')).toBe(true);
    expect(s.selects('logs/deep/today.txt')).toBe(false);
    expect(s.selects('a.tar')).toBe(false);
    expect(s.selects('keep/a.zip')).toBe(false);
  });

  it.each(['keep-latest', 'max-deletes'] as const)('%s takes whole numbers only', (name) => {
    expect(() => parse({ ...base, 'older-than': '1d', [name]: '1e3' })).toThrow(about(name));
  });
});

describe('globs', () => {
  it.each<[string, string[], string[]]>([
    ['*.zip', ['a.zip', '.zip'], ['a/b.zip', 'a.zip.bak']],
    ['**/*.zip', ['a.zip', 'a/b.zip', 'a/b/c.zip'], ['a/b.tar']],
    ['**', ['', 'a', 'a/b/c'], []],
    ['a/**', ['a/', 'a/b', 'a/b/c'], ['a', 'ab/c']],
    ['a/**/z', ['a/z', 'a/b/z', 'a/b/c/z'], ['a/bz', 'az']],
    ['v?', ['v1', 'vx'], ['v', 'v10', 'v/']],
    ['v[0-9]', ['v1'], ['va', 'v10']],
    ['v[!0-9]', ['va'], ['v1', 'v/']],
    ['[]x]', [']', 'x'], ['y']],
    ['a+b (1).txt', ['a+b (1).txt'], ['aab (1).txt']],
    ['%2F$^|', ['%2F$^|'], []],
    ['ünï/*', ['ünï/x'], ['uni/x']],
  ])('%s', (pattern, matching, other) => {
    const re = globToRegExp(pattern);
    for (const key of matching) expect({ key, match: re.test(key) }).toEqual({ key, match: true });
    for (const key of other) expect({ key, match: re.test(key) }).toEqual({ key, match: false });
  });

  it('a key with a newline is still one key', () => {
    expect(globToRegExp('*').test('a\nb')).toBe(true);
  });

  it('rejects an unclosed class', () => {
    expect(() => globToRegExp('a[')).toThrow('unclosed');
  });
});
