/**
 * Faults between the action and AWS: the built dist/index.js runs as the runner runs it, against one
 * moto_server behind the scriptable fault proxy (test/support/fault-proxy.ts), for every operation.
 *
 * - Transient faults (503 SlowDown and 500 InternalError bursts, throttling, a connection dropped
 *   while a part is sent, replies lost after the server did the work, answers later than
 *   `read-timeout-ms`) are retried, and the run ends as a clean run does: same bucket, same outputs.
 * - Persistent faults end in the mapped exit code (3 network, 5 AWS API) within a bounded time, with
 *   small `max-attempts` and `read-timeout-ms`; a non-retryable error is sent once.
 * - Uploads leave no incomplete multipart upload behind; prune never deletes more than it reports.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  internalError,
  internalServiceError,
  slowDown,
  throttling,
  type Fault,
} from '../support/fault-proxy.js';
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
import type { RunResult } from './harness.js';
import { s3Client, snapshotBucket, uniqueBucket } from './s3-support.js';
import {
  expectCode,
  listKeys,
  listOpenUploads,
  readUploadManifest,
  storedSha256,
  writeRandomFile,
  type UploadRunResult,
} from './upload-support.js';

const MIB = 1024 * 1024;
/** Generous upper bounds on wall time: a persistent fault must end, not hang. */
const BOUNDED_MS = 20_000;

const rig = useFaultRig('faults');
let bigSha: string;

beforeAll(async () => {
  mkdirSync(join(rig.work, 'up'));
  writeFileSync(join(rig.work, 'up/a.txt'), 'plain text');
  writeFileSync(join(rig.work, 'up/b.json'), '{"b":true}');
  writeFileSync(join(rig.work, 'up/c.html'), '<!doctype html><title>c</title>');
  bigSha = await writeRandomFile(join(rig.work, 'up/big.bin'), 12 * MIB);
}, 60_000);

// ---------------------------------------------------------------------------------------------------

describe('ensure-bucket', () => {
  const declared = (name: string) => ({
    bucket: name,
    // Outside us-east-1, S3 answers a second CreateBucket of one's own bucket with 409 BucketAlreadyOwnedByYou.
    'aws-region': 'eu-west-1',
    versioning: 'enabled',
    tags: 'team=platform\nenv=ci',
    'expire-after-days': '30',
    'expire-prefix': 'tmp/',
    'max-attempts': '5',
    'read-timeout-ms': '1000',
  });
  const comparable = (r: UploadRunResult, name: string) =>
    Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.split(name).join('<bucket>')]));

  test('transient faults on every kind of call are retried: the bucket and outputs match a clean run', async () => {
    const clean = uniqueBucket('clean');
    const faulty = uniqueBucket('faulty');
    const baseline = await rig.s3Step('ensure-bucket', declared(clean));
    expectCode(baseline, 0);

    const { result, seen, applied } = await underFaults(
      rig.proxy,
      [
        { operation: 'HeadBucket', times: 1, fault: slowDown() },
        // Created, and the reply lost: the retry finds the bucket already there.
        { operation: 'CreateBucket', times: 1, fault: { kind: 'lose-reply' } },
        { operation: 'PutBucketVersioning', times: 2, fault: internalError() },
        { operation: 'PutBucketOwnershipControls', times: 1, fault: { kind: 'reset' } },
        { operation: 'PutBucketEncryption', times: 1, fault: { kind: 'lose-reply' } },
        { operation: 'PutPublicAccessBlock', times: 1, fault: { kind: 'delay', ms: 1500 } },
        { operation: 'PutBucketTagging', times: 2, fault: slowDown() },
        { operation: 'PutBucketLifecycleConfiguration', times: 1, fault: { kind: 'slow-reply', ms: 1500 } },
      ],
      () => rig.s3Step('ensure-bucket', declared(faulty)),
    );
    expectCode(result, 0);
    expectNoCrash(result);
    expect({ applied, wire: wire(seen) }).toEqual({ applied: [1, 1, 2, 1, 1, 1, 2, 1], wire: wire(seen) });
    const euWest1 = s3Client(rig.moto.endpoint, 'eu-west-1');
    try {
      expect(await snapshotBucket(euWest1, faulty)).toEqual(await snapshotBucket(euWest1, clean));
    } finally {
      euWest1.destroy();
    }
    expect(comparable(result, faulty)).toEqual(comparable(baseline, clean));
  }, 60_000);

  test('a persistent 500 InternalError: exit 5 naming the call, within a bounded time', async () => {
    const name = uniqueBucket('broken');
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'PutBucketEncryption', fault: internalError() }],
      () => rig.s3Step('ensure-bucket', { ...declared(name), 'max-attempts': '2' }),
    );
    expectCode(result, 5);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    expect(result.outputs).toMatchObject({ 'exit-code': '5', 'error-code': 'InternalError' });
    expect(result.stdout).toMatch(/::error[^:]*::.*InternalError \(HTTP 500\)/);
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
  });

  test('answers that never come: exit 3 after max-attempts read timeouts, within a bounded time', async () => {
    const name = uniqueBucket('hang');
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'HeadBucket', fault: { kind: 'hold' } }],
      () => rig.s3Step('ensure-bucket', { ...declared(name), 'max-attempts': '2', 'read-timeout-ms': '500' }),
    );
    expectCode(result, 3);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    expect(result.outputs).toMatchObject({ 'exit-code': '3', 'error-code': 'TimeoutError' });
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('upload-artifact', () => {
  const FILES = ['a.txt', 'b.json', 'big.bin', 'c.html'];
  const inputs = (prefix: string, extra: Record<string, string> = {}) => ({
    path: 'up',
    'key-prefix': prefix,
    'part-size-mb': '5',
    'max-attempts': '5',
    'read-timeout-ms': '1500',
    ...extra,
  });
  /** What a clean and a faulty upload must agree on, per key relative to its prefix. */
  async function stored(prefix: string) {
    const out: Record<string, unknown> = {};
    for (const key of await listKeys(rig.s3, rig.bucket, prefix)) {
      const h = await rig.s3.send(new HeadObjectCommand({ Bucket: rig.bucket, Key: key }));
      out[key.slice(prefix.length)] = {
        size: h.ContentLength,
        etag: h.ETag,
        type: h.ContentType,
        cache: h.CacheControl,
        metadata: h.Metadata,
      };
    }
    return out;
  }
  const manifestFiles = (r: UploadRunResult, prefix: string) =>
    readUploadManifest(r).files.map((f) => ({ ...f, key: f.key.slice(prefix.length), s3Uri: '' }));

  test('transient faults on parts, puts, creation and completion: same objects, manifest and outputs as a clean run, nothing left open', async () => {
    const baseline = await rig.s3Step('upload-artifact', inputs('clean/'));
    expectCode(baseline, 0);

    const { result, seen, applied } = await underFaults(
      rig.proxy,
      [
        // The example: the first 2 UploadPart calls fail with 503 SlowDown.
        { operation: 'UploadPart', times: 2, fault: slowDown() },
        // A connection dropped while part 3's body is on its way.
        {
          operation: 'UploadPart',
          query: { partNumber: '3' },
          times: 1,
          fault: { kind: 'drop', afterBytes: 64 * 1024 },
        },
        // Created, the reply lost: the retry creates a second upload, and the first must not stay behind.
        { operation: 'CreateMultipartUpload', times: 1, fault: { kind: 'lose-reply' } },
        { operation: 'CompleteMultipartUpload', times: 1, fault: { kind: 'slow-reply', ms: 2500 } },
        { operation: 'PutObject', times: 1, fault: internalError() },
        { operation: 'PutObject', times: 1, fault: { kind: 'lose-reply' } },
        { operation: 'PutObject', times: 1, fault: { kind: 'delay', ms: 2500 } },
      ],
      () => rig.s3Step('upload-artifact', inputs('faulty/')),
    );
    expectCode(result, 0);
    expectNoCrash(result);
    expect({ applied, wire: wire(seen) }).toEqual({ applied: [2, 1, 1, 1, 1, 1, 1], wire: wire(seen) });

    expect(await listKeys(rig.s3, rig.bucket, 'faulty/')).toEqual(FILES.map((f) => `faulty/${f}`));
    expect(await stored('faulty/')).toEqual(await stored('clean/'));
    expect(await storedSha256(rig.s3, rig.bucket, 'faulty/big.bin')).toEqual({
      sha256: bigSha,
      bytes: 12 * MIB,
    });
    expect(manifestFiles(result, 'faulty/')).toEqual(manifestFiles(baseline, 'clean/'));
    const { 'manifest-path': _a, 'key-prefix': _b, 's3-uri': _c, ...outputs } = result.outputs;
    const { 'manifest-path': _d, 'key-prefix': _e, 's3-uri': _f, ...cleanOutputs } = baseline.outputs;
    expect(outputs).toEqual(cleanOutputs);
    // The orphan of the lost CreateMultipartUpload reply was aborted.
    expect(seen.filter((r) => r.operation === 'AbortMultipartUpload').map((r) => r.status)).toEqual([204]);
    expect(await listOpenUploads(rig.s3, rig.bucket, 'faulty/')).toEqual([]);
  }, 60_000);

  test('every part answered 503 SlowDown: exit 5 within a bounded time, the upload aborted', async () => {
    const { result, seen } = await underFaults(
      rig.proxy,
      [{ operation: 'UploadPart', fault: slowDown() }],
      () => rig.s3Step('upload-artifact', inputs('slow-down/', { path: 'up/big.bin', 'max-attempts': '2' })),
    );
    expectCode(result, 5);
    expectNoCrash(result);
    expect(result.outputs).toMatchObject({
      'exit-code': '5',
      'error-code': 'SlowDown',
      'uploaded-count': '0',
    });
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
    // Each part tried max-attempts times, at most.
    const parts = seen.filter((r) => r.operation === 'UploadPart');
    expect(parts.every((r) => r.injected === 'error')).toBe(true);
    expect(parts.length).toBeLessThanOrEqual(3 * 2);
    expect(seen.filter((r) => r.operation === 'AbortMultipartUpload').map((r) => r.status)).toEqual([204]);
    expect(await listOpenUploads(rig.s3, rig.bucket, 'slow-down/')).toEqual([]);
    expect(await listKeys(rig.s3, rig.bucket, 'slow-down/')).toEqual([]);
  });

  test('every part’s connection dropped mid-body: exit 3 within a bounded time, the upload aborted', async () => {
    const { result, seen } = await underFaults(
      rig.proxy,
      [{ operation: 'UploadPart', fault: { kind: 'drop', afterBytes: 64 * 1024 } }],
      () => rig.s3Step('upload-artifact', inputs('dropped/', { path: 'up/big.bin', 'max-attempts': '2' })),
    );
    expectCode(result, 3);
    expectNoCrash(result);
    expect(result.outputs['error-code']).toMatch(/^(ECONNRESET|EPIPE)$/);
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
    expect(seen.filter((r) => r.operation === 'AbortMultipartUpload').map((r) => r.status)).toEqual([204]);
    expect(await listOpenUploads(rig.s3, rig.bucket, 'dropped/')).toEqual([]);
  });

  test('a PutObject answered later than read-timeout-ms every time: exit 3 within a bounded time', async () => {
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'PutObject', fault: { kind: 'hold' } }],
      () =>
        rig.s3Step(
          'upload-artifact',
          inputs('late/', { path: 'up/a.txt', 'max-attempts': '2', 'read-timeout-ms': '500' }),
        ),
    );
    expectCode(result, 3);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    expect(result.outputs).toMatchObject({
      'exit-code': '3',
      'error-code': 'TimeoutError',
      'uploaded-count': '0',
    });
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
  });

  test('a non-retryable 400 is sent once, whatever max-attempts says: exit 5', async () => {
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'PutObject', fault: { kind: 'error', status: 400, code: 'InvalidArgument' } }],
      () => rig.s3Step('upload-artifact', inputs('invalid/', { path: 'up/a.txt', 'max-attempts': '5' })),
    );
    expectCode(result, 5);
    expect(applied).toEqual([1]);
    expect(result.outputs).toMatchObject({ 'exit-code': '5', 'error-code': 'InvalidArgument' });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('prune', () => {
  const OLD = { transient: numbered('transient/old-', 300), persistent: numbered('persistent/old-', 1200) };
  const FRESH = numbered('transient/fresh-', 5);
  let cutoff: string;

  beforeAll(async () => {
    await seedObjects(rig.s3, rig.bucket, [...OLD.transient, ...OLD.persistent]);
    cutoff = await cutoffAfterNow();
    await seedObjects(rig.s3, rig.bucket, FRESH);
  }, 60_000);

  const prune = (prefix: string, extra: Record<string, string> = {}) =>
    rig.s3Step('prune', {
      prefix,
      'older-than': cutoff,
      'dry-run': 'false',
      'max-deletes': '5000',
      ...extra,
    });

  test('transient faults on listing and DeleteObjects are retried: every old object goes, the fresh stay, the report matches', async () => {
    const { result, seen, applied } = await underFaults(
      rig.proxy,
      [
        { operation: 'ListObjectsV2', times: 1, fault: { kind: 'lose-reply' } },
        { operation: 'DeleteObjects', times: 1, fault: slowDown() },
        { operation: 'DeleteObjects', times: 1, fault: internalError() },
        // Deleted, the reply lost: deleting again is harmless, and S3 reports the keys deleted.
        { operation: 'DeleteObjects', times: 1, fault: { kind: 'lose-reply' } },
      ],
      () => prune('transient/', { 'max-attempts': '5' }),
    );
    expectCode(result, 0);
    expectNoCrash(result);
    expect({ applied, wire: wire(seen) }).toEqual({ applied: [1, 1, 1, 1], wire: wire(seen) });
    expect(await listKeys(rig.s3, rig.bucket, 'transient/')).toEqual(FRESH);
    expect(result.outputs).toMatchObject({
      'exit-code': '0',
      'deleted-count': String(OLD.transient.length),
      'planned-count': String(OLD.transient.length),
      'kept-count': String(FRESH.length),
    });
    expect(pruneManifest(result.outputs)).toEqual({ deleted: OLD.transient, unconfirmed: [] });
  }, 60_000);

  test('DeleteObjects failing with 500 after the first batch: exit 5, deleted-count and manifest are exactly what is gone', async () => {
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'DeleteObjects', skip: 1, fault: internalError() }],
      () => prune('persistent/', { 'max-attempts': '2' }),
    );
    expectCode(result, 5);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
    const left = new Set(await listKeys(rig.s3, rig.bucket, 'persistent/'));
    const gone = OLD.persistent.filter((k) => !left.has(k));
    const manifest = pruneManifest(result.outputs);
    expect(gone.length).toBeGreaterThan(0);
    expect(result.outputs).toMatchObject({
      'error-code': 'InternalError',
      'deleted-count': String(gone.length),
    });
    expect(manifest.deleted).toEqual(gone);
    // The failed call never reached S3 here, but the action cannot know that: reported as perhaps deleted.
    expect(manifest.unconfirmed).toEqual([...left].sort());
    expect(result.stdout).toMatch(/Before that, 1,000 objects were deleted/);
    expect(result.stdout).toMatch(
      /200 objects in DeleteObjects calls that got no definite answer may have been deleted too/,
    );
  });

  test('DeleteObjects replies lost every time: exit 3, and what is gone is all in the report (as unconfirmed)', async () => {
    const before = await listKeys(rig.s3, rig.bucket, 'persistent/');
    expect(before.length).toBeGreaterThan(0);
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'DeleteObjects', fault: { kind: 'lose-reply' } }],
      () => prune('persistent/', { 'max-attempts': '2' }),
    );
    expectCode(result, 3);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
    // S3 deleted them; the action never learnt it, and says they may be gone instead of nothing.
    expect(await listKeys(rig.s3, rig.bucket, 'persistent/')).toEqual([]);
    expect(result.outputs).toMatchObject({ 'error-code': 'ECONNRESET', 'deleted-count': '0' });
    expect(pruneManifest(result.outputs)).toEqual({ deleted: [], unconfirmed: before });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('fetch-secret (web identity: STS and Secrets Manager through the proxy)', () => {
  const ONE = { name: 'faults/one', text: 'fault-value-one-Xy81' };
  const TWO = { name: 'faults/two', text: '{"user":"fault-user-Qq17","password":"fault-pass-Zz93"}' };

  beforeAll(async () => {
    for (const s of [ONE, TWO])
      await rig.secrets.send(new CreateSecretCommand({ Name: s.name, SecretString: s.text }));
  });

  const fetchSecrets = (extra: Record<string, string> = {}): Promise<RunResult> =>
    rig.fetchSecret({ 'secret-ids': `ONE,${ONE.name}\nTWO,${TWO.name}`, 'parse-json': 'true', ...extra });

  /** A failed read exports nothing: no variable, no output but the exit and error codes. */
  function expectNothingExported(r: RunResult): void {
    expect(r.envFile).toBe('');
    // Only the step's own outputs (`dry-run` too when the reads failed while applying), no variable.
    expect(
      Object.keys(r.outputs)
        .filter((name) => name !== 'dry-run')
        .sort(),
    ).toEqual(['error-code', 'exit-code']);
    for (const value of [ONE.text, 'fault-user-Qq17', 'fault-pass-Zz93'])
      expect(r.stdout).not.toContain(value);
  }

  test('transient STS (query XML) and Secrets Manager (JSON) errors, a lost and a late reply: same variables as a clean run, a fresh token per STS attempt', async () => {
    const clean = await fetchSecrets();
    expectCode(clean, 0);
    expect(clean.env).toEqual({
      ONE: ONE.text,
      TWO_USER: 'fault-user-Qq17',
      TWO_PASSWORD: 'fault-pass-Zz93',
    });

    const { result, seen, applied } = await underFaults(
      rig.proxy,
      [
        {
          operation: 'AssumeRoleWithWebIdentity',
          times: 1,
          fault: { kind: 'error', status: 503, code: 'ServiceUnavailable' },
        },
        { operation: 'AssumeRoleWithWebIdentity', times: 1, fault: throttling('Throttling') },
        { operation: 'BatchGetSecretValue', times: 1, fault: internalServiceError() },
        { operation: 'BatchGetSecretValue', times: 1, fault: throttling('ThrottlingException') },
        { operation: 'BatchGetSecretValue', times: 1, fault: { kind: 'lose-reply' } },
        { operation: 'BatchGetSecretValue', times: 1, fault: { kind: 'slow-reply', ms: 1500 } },
      ],
      () => fetchSecrets({ 'max-attempts': '5', 'read-timeout-ms': '800' }),
    );
    expectCode(result, 0);
    expectNoCrash(result);
    expect({ applied, wire: wire(seen) }).toEqual({ applied: [1, 1, 1, 1, 1, 1], wire: wire(seen) });
    expect(result.env).toEqual(clean.env);
    expect(result.outputs).toEqual(clean.outputs);
    expect(result.tokenRequests).toHaveLength(3);
    expect(new Set(result.tokenRequests.map((t) => t.token)).size).toBe(3);
  }, 60_000);

  test.each<[string, Fault, Record<string, string>, number, string]>([
    ['a persistent 500 InternalServiceError: exit 5', internalServiceError(), {}, 5, 'InternalServiceError'],
    [
      'Secrets Manager answering later than read-timeout-ms every time: exit 3',
      { kind: 'slow-reply', ms: 5000 },
      { 'read-timeout-ms': '500' },
      3,
      'TimeoutError',
    ],
  ])('%s, within a bounded time; nothing exported', async (_label, fault, extra, code, errorCode) => {
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'BatchGetSecretValue', fault }],
      () => fetchSecrets({ 'max-attempts': '2', ...extra }),
    );
    expectCode(result, code);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    // The reads fail while applying: the outcome route, with `dry-run` beside the codes.
    expect(result.outputs).toEqual({
      'dry-run': 'false',
      'exit-code': String(code),
      'error-code': errorCode,
    });
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
    expectNothingExported(result);
  });

  test('STS throttling that outlasts max-attempts is an AWS API error (exit 5), not a credentials one', async () => {
    const { result, applied } = await underFaults(
      rig.proxy,
      [{ operation: 'AssumeRoleWithWebIdentity', fault: throttling('Throttling') }],
      () => fetchSecrets({ 'max-attempts': '2' }),
    );
    expectCode(result, 5);
    expectNoCrash(result);
    expect(applied).toEqual([2]);
    expect(result.outputs).toEqual({ 'exit-code': '5', 'error-code': 'Throttling' });
    expect(result.stdout).not.toContain('trusts the OIDC provider');
    expect(result.tokenRequests).toHaveLength(2);
    expect(result.durationMs).toBeLessThan(BOUNDED_MS);
    expectNothingExported(result);
  });
});
