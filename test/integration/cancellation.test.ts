/**
 * A cancelled job: SIGTERM reaches the built dist/index.js (as the runner sends it) while it works
 * against one moto_server behind the fault proxy, which slows the calls down so that the signal
 * lands mid-flight. Every step exits 130, stops or aborts what is in flight, and reports exactly what
 * it did: uploads leave no multipart upload open (a re-run finishes the job), a prune sends no new
 * batch and reports what the bucket lost, fetch-secret exports nothing.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { SeenRequest } from '../support/fault-proxy.js';
import {
  cutoffAfterNow,
  expectNoCrash,
  numbered,
  pruneManifest,
  seedObjects,
  terminateWhen,
  underFaults,
  useFaultRig,
} from './fault-support.js';
import { expectCode, listKeys, listOpenUploads, storedSha256, writeRandomFile } from './upload-support.js';

const MIB = 1024 * 1024;
/** From the signal to the exit: in-flight work is stopped, not waited out. */
const STOP_MS = 10_000;

const rig = useFaultRig('cancel');

/** The first request from now on matching `predicate` to reach the proxy (whatever happens to it next). */
function arrived(predicate: (r: SeenRequest) => boolean): () => Promise<SeenRequest> {
  const after = rig.proxy.requests.length;
  return () => rig.proxy.waitFor((r) => r.seq > after && predicate(r));
}

describe('upload-artifact: SIGTERM while several large files are on their way', () => {
  const SIZES: Record<string, number> = {
    'big-1.bin': 10 * MIB,
    'big-2.bin': 30 * MIB,
    'big-3.bin': 20 * MIB,
  };
  const SMALL = ['a-1.txt', 'a-2.txt'];
  const digests: Record<string, string> = {};
  const inputs = {
    path: 'files',
    'key-prefix': 'files/',
    'part-size-mb': '5',
    concurrency: '2',
    'part-concurrency': '2',
  };

  beforeAll(async () => {
    await mkdir(join(rig.work, 'files'));
    for (const name of SMALL) writeFileSync(join(rig.work, 'files', name), `small file ${name}`);
    for (const [name, size] of Object.entries(SIZES))
      digests[name] = await writeRandomFile(join(rig.work, 'files', name), size);
  });

  test('exit 130: the multipart uploads in flight (one still being created) are aborted, the report says what was uploaded, and a re-run with overwrite: if-changed finishes the job byte-exact', async () => {
    // Two files at a time, parts slowed to a crawl; big-3's creation answers late. The signal comes
    // as big-3 is being created: the small files and big-1 are done, big-2 is half-way.
    const mine = (r: SeenRequest) => r.path.startsWith(`/${rig.bucket}/files/`);
    const termination = terminateWhen(
      arrived((r) => mine(r) && r.operation === 'CreateMultipartUpload' && r.path.includes('big-3.bin')),
    );
    const { result, seen } = await underFaults(
      rig.proxy,
      [
        { operation: 'UploadPart', fault: { kind: 'throttle', bytesPerSecond: 8 * MIB } },
        { operation: 'CreateMultipartUpload', path: /big-3\.bin$/, fault: { kind: 'slow-reply', ms: 1500 } },
      ],
      () => rig.s3Step('upload-artifact', inputs, { onSpawn: termination.onSpawn }),
    );
    expectCode(result, 130);
    expectNoCrash(result);
    expect(Date.now() - termination.sentAt!).toBeLessThan(STOP_MS);
    expect(result.stdout).toContain('Received SIGTERM');

    const done = ['a-1.txt', 'a-2.txt', 'big-1.bin'].map((n) => `files/${n}`);
    expect(await listKeys(rig.s3, rig.bucket, 'files/')).toEqual(done);
    expect(result.outputs).toMatchObject({
      'exit-code': '130',
      'error-code': 'Cancelled',
      'uploaded-count': '3',
      bytes: String(2 * 'small file a-1.txt'.length + SIZES['big-1.bin']!),
    });
    expect(result.stdout).toMatch(/::error[^:]*::.*Cancelled after uploading 3 of 5 files/);
    expect(result.summary).toMatch(/^### ⏹️ upload-artifact: /);
    for (const key of done) expect(result.summary).toContain(key);

    // big-2 stopped mid-way and big-3 created just as the job was cancelled: both aborted, none completed.
    const aborted = seen.filter((r) => r.operation === 'AbortMultipartUpload');
    expect(
      aborted.map((r) => [decodeURIComponent(new URL(r.path, 'http://x').pathname), r.status]).sort(),
    ).toEqual([
      [`/${rig.bucket}/files/big-2.bin`, 204],
      [`/${rig.bucket}/files/big-3.bin`, 204],
    ]);
    expect(seen.filter((r) => r.operation === 'CompleteMultipartUpload')).toHaveLength(1);
    expect(await listOpenUploads(rig.s3, rig.bucket, 'files/')).toEqual([]);

    const rerun = await rig.s3Step('upload-artifact', { ...inputs, overwrite: 'if-changed' });
    expectCode(rerun, 0);
    expect(rerun.outputs).toMatchObject({ 'uploaded-count': '2', 'skipped-count': '3' });
    expect(await listKeys(rig.s3, rig.bucket, 'files/')).toEqual(
      [...SMALL, ...Object.keys(SIZES)].map((n) => `files/${n}`).sort(),
    );
    for (const [name, size] of Object.entries(SIZES))
      expect(await storedSha256(rig.s3, rig.bucket, `files/${name}`)).toEqual({
        sha256: digests[name],
        bytes: size,
      });
    expect(await listOpenUploads(rig.s3, rig.bucket, 'files/')).toEqual([]);
  }, 90_000);
});

describe('prune: SIGTERM while DeleteObjects answers slowly', () => {
  // Five batches: at most DELETE_CONCURRENCY (4) are in flight, so the fifth can only go after one of
  // them has answered — which, slowed down, happens only after the signal.
  const OLD = numbered('prune/old-', 4200);
  let cutoff: string;

  beforeAll(async () => {
    await seedObjects(rig.s3, rig.bucket, OLD);
    cutoff = await cutoffAfterNow();
  }, 120_000);

  test('no new batch is sent, exit 130, and the outputs, manifest and summary say exactly what the bucket lost', async () => {
    // The plan lists the prefix and holds its selection; every DeleteObjects reply comes slowly. The
    // signal comes while the first batches are in flight.
    const termination = terminateWhen(arrived((r) => r.operation === 'DeleteObjects'));
    const { result, seen } = await underFaults(
      rig.proxy,
      [{ operation: 'DeleteObjects', fault: { kind: 'slow-reply', ms: 1500 } }],
      () =>
        rig.s3Step(
          'prune',
          { prefix: 'prune/', 'older-than': cutoff, 'dry-run': 'false', 'max-deletes': '5000' },
          { onSpawn: termination.onSpawn },
        ),
    );
    expectCode(result, 130);
    expectNoCrash(result);
    expect(Date.now() - termination.sentAt!).toBeLessThan(STOP_MS);

    // The batches in flight finished (and count); no other was sent.
    const batches = seen.filter((r) => r.operation === 'DeleteObjects').length;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(4);
    const left = new Set(await listKeys(rig.s3, rig.bucket, 'prune/'));
    const gone = OLD.filter((k) => !left.has(k));
    expect(gone).toHaveLength(batches * 1000);
    expect(result.outputs).toMatchObject({
      'exit-code': '130',
      'error-code': 'Cancelled',
      'deleted-count': String(gone.length),
      'planned-count': String(OLD.length),
    });
    // Batches in flight together answer in any order; the manifest lists each batch as it answered.
    const manifest = pruneManifest(result.outputs);
    expect({ ...manifest, deleted: [...manifest.deleted].sort() }).toEqual({
      deleted: gone,
      unconfirmed: [],
    });
    const done = `${gone.length.toLocaleString('en-US')} objects of 4,200 planned were deleted`;
    expect(result.summary).toContain(done);
    expect(result.stdout).toMatch(/::error title=[^:]*::Cancelled \(SIGINT\/SIGTERM\): /);
    expect(result.stdout).toContain(`::Cancelled (SIGINT/SIGTERM): ${done}`);
  }, 60_000);
});

describe('fetch-secret: SIGTERM mid-read exports nothing', () => {
  const SECRET = { name: 'cancel/db', text: '{"user":"cancel-user-Hv28","password":"cancel-pass-Nq61"}' };
  const VALUES = [SECRET.text, 'cancel-user-Hv28', 'cancel-pass-Nq61'];

  beforeAll(async () => {
    await rig.secrets.send(new CreateSecretCommand({ Name: SECRET.name, SecretString: SECRET.text }));
  });

  test.each([
    ['the values are on their way (Secrets Manager answered, the reply is slow)', 'BatchGetSecretValue'],
    ['the role is being assumed', 'AssumeRoleWithWebIdentity'],
  ])(
    'while %s: exit 130, no variable, output or file',
    async (_label, operation) => {
      const dir = mkdtempSync(join(rig.work, 'secrets-'));
      const termination = terminateWhen(arrived((r) => r.operation === operation));
      const { result, seen } = await underFaults(
        rig.proxy,
        [{ operation, fault: { kind: 'slow-reply', ms: 10_000 } }],
        () =>
          rig.fetchSecret(
            { 'secret-ids': `DB,${SECRET.name}`, 'parse-json': 'true', 'write-to-dir': dir },
            { onSpawn: termination.onSpawn },
          ),
      );
      expectCode(result, 130);
      expectNoCrash(result);
      expect(Date.now() - termination.sentAt!).toBeLessThan(STOP_MS);
      // Cancelled while applying (the reads) reports through the outcome, with `dry-run` beside the
      // codes; cancelled while authenticating is thrown before the first write and leaves only the codes.
      expect(result.outputs).toEqual({
        ...(operation === 'BatchGetSecretValue' ? { 'dry-run': 'false' } : {}),
        'exit-code': '130',
        'error-code': 'Cancelled',
      });
      expect(result.envFile).toBe('');
      expect(readdirSync(dir)).toEqual([]);
      for (const value of VALUES) {
        expect(result.stdout).not.toContain(value);
        expect(result.summary).not.toContain(value);
      }
      // Nothing was read after the signal.
      expect(seen.at(-1)!.operation).toBe(operation);
    },
    30_000,
  );
});
