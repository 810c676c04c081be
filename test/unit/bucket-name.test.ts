/**
 * S3 general-purpose bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
 * checked before any request. Each invalid name is paired with the rule it breaks, so a name rejected
 * for the wrong reason fails too.
 */
import { describe, expect, it } from '@jest/globals';
import { bucketNameProblem, partitionOf } from '../../src/aws/bucket-name.js';

const LENGTH = /characters long \(3–63 allowed\)/;
const CHARS = /only contain lowercase letters, digits, dots and hyphens/;
const ENDS = /start and end with a letter or digit/;
const DOTS = /two adjacent dots/;
const IP = /IP address/;
const PREFIX = (p: string) => new RegExp(`reserved prefix \`${p.replace(/[.-]/g, '\\$&')}\``);
const SUFFIX = (s: string) => new RegExp(`reserved suffix \`${s.replace(/[.-]/g, '\\$&')}\``);

const VALID: string[] = [
  'abc',
  '123',
  'a1b',
  'a'.repeat(63),
  '0'.repeat(63),
  'docexamplebucket1',
  'log-delivery-march-2020',
  'my-hosted-content',
  'docexamplewebsite.com',
  'www.docexamplewebsite.com',
  'my.example.s3.bucket',
  '1-leading-digit',
  'trailing-digit-9',
  'a-b',
  'a.b',
  // Only four dot-separated decimal groups are an IP address.
  '192.168.5',
  '192.168.5.4.5',
  '192.168.5.a',
  '999-168-5-4',
  // The reserved strings only count at the start or the end.
  'my-xn--bucket',
  'xn-single-hyphen',
  'sthree',
  'not-sthree-bucket',
  'bucket-s3alias-not-last',
  'my-s3alias1',
  'bucket--ol-s3x',
  'bucket.mrapx',
  'mrap.bucket',
  'bucket--x-s3-not-last',
  'amzn-s3-demo',
];

const INVALID: Array<[string, RegExp]> = [
  ['', LENGTH],
  ['a', LENGTH],
  ['ab', LENGTH],
  ['a'.repeat(64), LENGTH],
  ['a'.repeat(255), LENGTH],
  ['My-Bucket', CHARS],
  ['UPPERCASE', CHARS],
  ['bucketA', CHARS],
  ['my_bucket', CHARS],
  ['my bucket', CHARS],
  ['bucket/name', CHARS],
  ['bucket:name', CHARS],
  ['arn:aws:s3:::my-bucket', CHARS],
  ['s3://my-bucket', CHARS],
  ['bücket', CHARS],
  ['bucket\n', CHARS],
  ['-bucket', ENDS],
  ['bucket-', ENDS],
  ['.bucket', ENDS],
  ['bucket.', ENDS],
  ['---', ENDS],
  ['my..bucket', DOTS],
  ['a..b', DOTS],
  ['192.168.5.4', IP],
  ['10.0.0.1', IP],
  ['127.0.0.1', IP],
  ['1.2.3.4', IP],
  ['xn--bucket', PREFIX('xn--')],
  ['xn--abc', PREFIX('xn--')],
  ['sthree-bucket', PREFIX('sthree-')],
  ['sthree-configurator', PREFIX('sthree-')],
  ['bucket-s3alias', SUFFIX('-s3alias')],
  ['bucket--ol-s3', SUFFIX('--ol-s3')],
  ['bucket.mrap', SUFFIX('.mrap')],
  ['bucket--x-s3', SUFFIX('--x-s3')],
  ['my-directory-bucket--usw2-az1--x-s3', SUFFIX('--x-s3')],
  // Reserved by AWS beyond the list: the documentation examples' prefix and S3 Tables' suffix.
  ['amzn-s3-demo-bucket', PREFIX('amzn-s3-demo-')],
  ['bucket--table-s3', SUFFIX('--table-s3')],
];

describe('bucketNameProblem', () => {
  it('the tables cover at least 30 valid and 30 invalid names', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(30);
    expect(INVALID.length).toBeGreaterThanOrEqual(30);
    expect(new Set([...VALID, ...INVALID.map(([n]) => n)]).size).toBe(VALID.length + INVALID.length);
  });

  it.each(VALID)('accepts %j', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it.each(INVALID)('rejects %j', (name, why) => {
    expect(bucketNameProblem(name)).toMatch(why);
  });

  it('reports the actual length', () => {
    expect(bucketNameProblem('ab')).toBe('is 2 characters long (3–63 allowed)');
    expect(bucketNameProblem('a'.repeat(64))).toBe('is 64 characters long (3–63 allowed)');
  });
});

describe('partitionOf', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['ap-southeast-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});
