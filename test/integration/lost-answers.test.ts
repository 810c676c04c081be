/**
 * Writes whose answer cannot be read: the built dist/index.js through the fault proxy
 * (test/support/fault-proxy.ts), which lets the request reach moto_server and then loses, cuts or
 * delays the answer. The store did the work; the step must never report it as not done.
 *
 * - prune: a DeleteObjects call is "not applied" only when S3 refused it with its own error (a 4xx
 *   S3 error body) or the request never left; any other failure puts its keys in the manifest as
 *   `"unconfirmed": true`, in `unconfirmed-count`, in a warning line and in the error and summary.
 * - upload-artifact: a CompleteMultipartUpload without a definite answer is checked with one
 *   HeadObject; the object there (size and `sha256` metadata) is an upload done.
 * - prune lists the prefix once for plain `older-than` (the README says so; this counts the requests).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { internalError, type Fault, type FaultRule } from '../support/fault-proxy.js';
import {
  cutoffAfterNow,
  expectNoCrash,
  numbered,
  pruneManifest,
  seedObjects,
  underFaults,
  useFaultRig,
  wire,
} from './fault-support.js';
import {
  expectCode,
  listKeys,
  listOpenUploads,
  readUploadManifest,
  storedSha256,
  writeRandomFile,
} from './upload-support.js';

const MIB = 1024 * 1024;
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The README's text with its line breaks folded, to find a sentence wherever it wraps. */
const readmeText = README.replace(/\s+/g, ' ');

const rig = useFaultRig('lost');

// ---------------------------------------------------------------------------------------------------

describe('prune: a DeleteObjects call without a definite answer', () => {
  /** One prefix of 30 old objects per case (one DeleteObjects batch), and 2 fresh ones that stay. */
  const CASES = ['cut', 'reset', 'late', 'error500', 'refused'] as const;
  const OLD = Object.fromEntries(CASES.map((c) => [c, numbered(`${c}/old-`, 30)])) as Record<
    (typeof CASES)[number],
    string[]
  >;
  const FRESH = (c: string): string[] => numbered(`${c}/fresh-`, 2);
  let cutoff: string;

  beforeAll(async () => {
    await seedObjects(rig.s3, rig.bucket, Object.values(OLD).flat());
    cutoff = await cutoffAfterNow();
    await seedObjects(rig.s3, rig.bucket, CASES.flatMap(FRESH));
  }, 60_000);

  const prune = (prefix: string, extra: Record<string, string> = {}) =>
    rig.s3Step('prune', {
      prefix,
      'older-than': cutoff,
      'dry-run': 'false',
      'max-attempts': '1',
      ...extra,
    });

  test.each<[string, (typeof CASES)[number], Fault, Record<string, string>, number, string, boolean]>([
    // The case: S3 deleted the keys; its 200 answer arrives cut and cannot be parsed.
    ['a 200 answer cut mid-body', 'cut', { kind: 'cut-reply' }, {}, 5, 'Http200', true],
    [
      'a connection reset after the store answered',
      'reset',
      { kind: 'lose-reply' },
      {},
      3,
      'ECONNRESET',
      true,
    ],
    [
      'an answer later than read-timeout-ms',
      'late',
      { kind: 'slow-reply', ms: 3000 },
      { 'read-timeout-ms': '500' },
      3,
      'TimeoutError',
      true,
    ],
    // The proxy answered for moto, so nothing was deleted; the action cannot know that a 5xx means it.
    ['a 500 InternalError', 'error500', internalError(), {}, 5, 'InternalError', false],
  ])(
    '%s: exit as documented, the keys unconfirmed in the manifest, the outputs, the log and the summary',
    async (_label, prefix, fault, extra, exit, errorCode, storeDeleted) => {
      const { result, seen, applied } = await underFaults(
        rig.proxy,
        [{ operation: 'DeleteObjects', times: 1, fault }],
        () => prune(`${prefix}/`, extra),
      );
      expectCode(result, exit);
      expectNoCrash(result);
      expect({ applied, wire: wire(seen) }).toEqual({ applied: [1], wire: wire(seen) });
      const left = await listKeys(rig.s3, rig.bucket, `${prefix}/`);
      expect(left).toEqual(storeDeleted ? FRESH(prefix) : [...OLD[prefix], ...FRESH(prefix)].sort());

      expect(result.outputs).toMatchObject({
        'exit-code': String(exit),
        'error-code': errorCode,
        'deleted-count': '0',
        'unconfirmed-count': '30',
        'planned-count': '30',
      });
      expect(pruneManifest(result.outputs)).toEqual({ deleted: [], unconfirmed: OLD[prefix] });
      // The log: a warning naming the batch, and the error saying the keys may be gone.
      expect(result.stdout).toMatch(
        new RegExp(
          `::warning[^:]*::DeleteObjects got no definite answer \\(${errorCode}\\) for 30 keys \\(${prefix}/old-00000\\.bin … ${prefix}/old-00029\\.bin\\): S3 may have deleted them`,
        ),
      );
      const annotation = /::error[^:]*::(.*)/.exec(result.stdout)?.[1] ?? '';
      expect(annotation).toContain(
        '30 objects in DeleteObjects calls that got no definite answer may have been deleted (`"unconfirmed": true`',
      );
      expect(annotation).not.toMatch(/XML parse error|Deserialization error/);
      expect(result.summary).toContain('may have been deleted');
    },
    30_000,
  );

  test('S3 refusing the call with its own 4xx error: certainly not deleted, nothing unconfirmed', async () => {
    const { result } = await underFaults(
      rig.proxy,
      [{ operation: 'DeleteObjects', fault: { kind: 'error', status: 400, code: 'MalformedXML' } }],
      () => prune('refused/'),
    );
    expectCode(result, 5);
    expect(result.outputs).toMatchObject({
      'error-code': 'MalformedXML',
      'deleted-count': '0',
      'unconfirmed-count': '0',
    });
    expect(pruneManifest(result.outputs)).toEqual({ deleted: [], unconfirmed: [] });
    expect(result.stdout).not.toContain('may have been deleted');
    expect(await listKeys(rig.s3, rig.bucket, 'refused/')).toEqual(
      [...OLD.refused, ...FRESH('refused')].sort(),
    );
  });
});

// ---------------------------------------------------------------------------------------------------

describe('upload-artifact: CompleteMultipartUpload answered after the store completed', () => {
  let sha: string;
  beforeAll(async () => {
    sha = await writeRandomFile(join(rig.work, 'big.bin'), 11 * MIB);
  });
  const upload = (prefix: string) =>
    rig.s3Step('upload-artifact', {
      path: 'big.bin',
      'key-prefix': prefix,
      'part-size-mb': '5',
      'max-attempts': '3',
      'read-timeout-ms': '2000',
    });

  test.each<[string, string, FaultRule[]]>([
    // Not retried (a 200 is not an error to retry): the object is there all the same.
    [
      'a 200 answer cut mid-body',
      'cut/',
      [{ operation: 'CompleteMultipartUpload', times: 1, fault: { kind: 'cut-reply' } }],
    ],
    // Retried, and the retry answered NoSuchUpload because the first attempt completed the upload, as
    // AWS documents for CompleteMultipartUpload (moto completes it a second time instead).
    [
      'a reset after the store completed, the retry answered NoSuchUpload',
      'reset/',
      [
        { operation: 'CompleteMultipartUpload', times: 1, fault: { kind: 'lose-reply' } },
        {
          operation: 'CompleteMultipartUpload',
          times: 1,
          fault: { kind: 'error', status: 404, code: 'NoSuchUpload' },
        },
      ],
    ],
  ])('%s: one HeadObject finds the object complete, and the step succeeds', async (_label, prefix, rules) => {
    const { result, seen, applied } = await underFaults(rig.proxy, rules, () => upload(prefix));
    expectCode(result, 0);
    expectNoCrash(result);
    expect(applied).toEqual(rules.map(() => 1));
    expect(seen.filter((r) => r.operation === 'HeadObject').map((r) => r.status)).toEqual([200]);
    expect(await storedSha256(rig.s3, rig.bucket, `${prefix}big.bin`)).toEqual({
      sha256: sha,
      bytes: 11 * MIB,
    });
    expect(result.outputs).toMatchObject({ 'uploaded-count': '1', bytes: String(11 * MIB) });
    expect(readUploadManifest(result).files.map((f) => [f.key, f.sha256])).toEqual([
      [`${prefix}big.bin`, sha],
    ]);
    expect(result.stdout).toMatch(
      /CompleteMultipartUpload of .*big\.bin got no definite answer \(\w+\); HeadObject found the object complete/,
    );
    expect(result.stdout).not.toContain('Could not abort');
    expect(await listOpenUploads(rig.s3, rig.bucket, prefix)).toEqual([]);
  });

  test('when HeadObject cannot tell: the exit code of the cause, and the object named as perhaps there', async () => {
    const { result } = await underFaults(
      rig.proxy,
      [
        { operation: 'CompleteMultipartUpload', times: 1, fault: { kind: 'cut-reply' } },
        { operation: 'HeadObject', fault: { kind: 'error', status: 403, code: 'AccessDenied' } },
      ],
      () => upload('unknown/'),
    );
    expectCode(result, 5);
    expectNoCrash(result);
    expect(result.outputs).toMatchObject({ 'error-code': 'Http200', 'uploaded-count': '0' });
    const annotation = /::error[^:]*::(.*)/.exec(result.stdout)?.[1] ?? '';
    expect(annotation).toContain('No upload was confirmed: CompleteMultipartUpload of s3://');
    expect(annotation).toContain(
      'unknown/big.bin got no definite answer (Http200), so the object may exist; HeadObject could not confirm it (AccessDenied)',
    );
    expect(result.stdout).not.toContain('No file was uploaded');
    // It does exist: the store completed it.
    expect(await storedSha256(rig.s3, rig.bucket, 'unknown/big.bin')).toEqual({
      sha256: sha,
      bytes: 11 * MIB,
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('prune: how often the prefix is listed', () => {
  const OLD = numbered('passes/old-', 1100);
  const FRESH = numbered('passes/fresh-', 3);
  let cutoff: string;

  beforeAll(async () => {
    await seedObjects(rig.s3, rig.bucket, OLD);
    cutoff = await cutoffAfterNow();
    await seedObjects(rig.s3, rig.bucket, FRESH);
  }, 120_000);

  test('plain older-than within max-deletes and the streaming cap: one listing (a request per 1000 keys), as the README says', async () => {
    const { result, seen } = await underFaults(rig.proxy, [], () =>
      rig.s3Step('prune', {
        prefix: 'passes/',
        'older-than': cutoff,
        'dry-run': 'false',
        'max-deletes': '2000',
      }),
    );
    expectCode(result, 0);
    // 1103 keys: two pages, listed once; apply deletes what the plan held.
    expect(seen.filter((r) => r.operation === 'ListObjectsV2')).toHaveLength(2);
    expect(seen.filter((r) => r.operation === 'DeleteObjects')).toHaveLength(2);
    expect(await listKeys(rig.s3, rig.bucket, 'passes/')).toEqual(FRESH);
    expect(result.outputs['deleted-count']).toBe('1100');
    expect(readmeText).toContain(
      'With plain `older-than` (no `keep-latest`, no folders, current versions) the prefix is listed once: one ListObjectsV2 request per 1000 keys',
    );
  }, 60_000);
});
