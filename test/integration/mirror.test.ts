/**
 * `upload-artifact` in mirror mode (`delete-removed: true`), end to end: the built dist/index.js
 * against moto_server behind the fault proxy, which counts every request (and fails or slows the
 * chosen ones). The prefix is made to hold exactly the upload set: added, changed, unchanged and
 * removed files, `delete-removed-exclude`, `max-deletes`, the empty prefix, a failed upload, a
 * cancelled deletion and a dry run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { SeenRequest } from '../support/fault-proxy.js';
import {
  expectNoCrash,
  numbered,
  seedObjects,
  terminateWhen,
  underFaults,
  useFaultRig,
} from './fault-support.js';
import { expectCode, listKeys, writes } from './upload-support.js';

const rig = useFaultRig('mirror');

function writeSite(dir: string, files: Record<string, string>): void {
  rmSync(join(rig.work, dir), { recursive: true, force: true });
  for (const [rel, content] of Object.entries(files)) {
    const path = join(rig.work, dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

const mirror = (dir: string, prefix: string, inputs: Record<string, string> = {}) =>
  underFaults(rig.proxy, [], () =>
    rig.s3Step('upload-artifact', {
      path: dir,
      'key-prefix': prefix,
      'delete-removed': 'true',
      overwrite: 'if-changed',
      ...inputs,
    }),
  );

const manifestOf = (outputs: Record<string, string>) =>
  JSON.parse(readFileSync(outputs['manifest-path']!, 'utf8')) as {
    files: Array<{ key: string; unchanged?: boolean }>;
    deleted?: Array<{ key: string; unconfirmed?: boolean }>;
  };

const deletes = (seen: SeenRequest[]) => seen.filter((r) => r.operation === 'DeleteObjects');

describe('a deploy that adds, changes and removes files', () => {
  const prefix = 'site/';

  beforeAll(async () => {
    writeSite('m1', { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'sub/x.html': '<p>x</p>' });
    const first = await mirror('m1', prefix);
    expectCode(first.result, 0);
    // Objects the deploy does not own: a protected upload folder, and a sibling prefix that only
    // shares the first letters (never ours to touch).
    await seedObjects(rig.s3, rig.bucket, ['site/uploads/user.png', 'site-old/index.html']);
    writeSite('m1', { 'a.txt': 'a', 'b.txt': 'b, edited', 'd.txt': 'd', 'sub/x.html': '<p>x</p>' });
  }, 60_000);

  test('the dry run shows the three lists with counts and writes nothing', async () => {
    const { result, seen } = await mirror('m1', prefix, {
      'dry-run': 'true',
      'delete-removed-exclude': 'uploads/**',
    });

    expectCode(result, 0);
    expect(writes(seen)).toEqual([]);
    expect(result.summary).toContain('1 to add, 1 to change, 1 to remove, 2 unchanged');
    expect(result.summary).toMatch(/To add \(1\)[\s\S]*site\/d\.txt/);
    expect(result.summary).toMatch(/To change \(1\)[\s\S]*site\/b\.txt[\s\S]*size 1 → 9/);
    expect(result.summary).toMatch(/To remove \(1\)[\s\S]*site\/c\.txt/);
    expect(result.summary).toMatch(/1 object not in the upload set is kept by \S*delete-removed-exclude/);
    expect(result.stdout).toContain(`(dryrun) delete: s3://${rig.bucket}/site/c.txt`);
    expect(result.outputs['deleted-count']).toBe('0');
    expect(await listKeys(rig.s3, rig.bucket, 'site')).toContain('site/c.txt');
  });

  test('applies: uploads what is new or changed, then deletes what is gone; protected and sibling keys stay', async () => {
    const { result, seen } = await mirror('m1', prefix, { 'delete-removed-exclude': 'uploads/**' });

    expectCode(result, 0);
    expect(await listKeys(rig.s3, rig.bucket, 'site')).toEqual([
      'site-old/index.html',
      'site/a.txt',
      'site/b.txt',
      'site/d.txt',
      'site/sub/x.html',
      'site/uploads/user.png',
    ]);
    expect(result.outputs).toMatchObject({
      'uploaded-count': '2',
      'skipped-count': '2',
      'deleted-count': '1',
    });
    // Deletion comes after the last upload.
    const lastPut = Math.max(...seen.filter((r) => r.operation === 'PutObject').map((r) => r.seq));
    expect(deletes(seen).map((r) => r.seq > lastPut)).toEqual([true]);
    expect(manifestOf(result.outputs).deleted).toEqual([{ key: 'site/c.txt', size: 1 }]);
    expect(result.summary).toContain('1 added, 1 changed, 1 removed, 2 unchanged');
  });

  test('a re-deploy of the unchanged site makes zero writes and zero deletes', async () => {
    const { result, seen } = await mirror('m1', prefix, { 'delete-removed-exclude': 'uploads/**' });

    expectCode(result, 0);
    expect(writes(seen)).toEqual([]);
    expect(result.outputs).toMatchObject({ 'uploaded-count': '0', 'deleted-count': '0' });
    // One listing; HeadObject only for keys the listing holds.
    expect(seen.filter((r) => r.operation === 'ListObjectsV2')).toHaveLength(1);
    expect(seen.filter((r) => r.operation === 'HeadObject')).toHaveLength(4);
  });
});

describe('max-deletes', () => {
  beforeAll(async () => {
    writeSite('m2', { 'keep.txt': 'k' });
    await seedObjects(rig.s3, rig.bucket, numbered('capped/old-', 5));
  }, 60_000);

  test.each(['false', 'true'])(
    'over the cap (dry-run %s): exit 7, nothing uploaded or deleted, and the plan is shown',
    async (dryRun) => {
      const { result, seen } = await mirror('m2', 'capped/', { 'max-deletes': '2', 'dry-run': dryRun });

      expectCode(result, 7);
      expect(writes(seen)).toEqual([]);
      expect(result.outputs).toMatchObject({ 'error-code': 'MaxDeletesExceeded', 'deleted-count': '0' });
      expect(result.summary).toMatch(/more than \S*max-deletes: 2/);
      expect(result.summary).toMatch(/To remove \(5\)[\s\S]*capped\/old-00004\.bin/);
      expect((await listKeys(rig.s3, rig.bucket, 'capped/')).length).toBe(5);
    },
  );
});

describe('the prefix must name a folder', () => {
  test.each([
    [{ 'key-prefix': '' }, 'would delete across the whole bucket'],
    [{ 'key-prefix': 'site' }, 'does not end in `/`'],
    [
      { 'key-prefix': 'site/', 'delete-removed': 'false', 'delete-removed-exclude': 'x/**' },
      'only applies with',
    ],
  ])('%j: exit 1, zero requests', async (inputs, message) => {
    const { result, seen } = await mirror('m1', 'unused/', inputs);

    expectCode(result, 1);
    expect(seen).toEqual([]);
    expect(result.stdout).toContain(message);
  });

  test('a path that matches nothing (if-no-files-found: warn) refuses: exit 1, nothing deleted', async () => {
    await seedObjects(rig.s3, rig.bucket, ['kept/a.txt', 'kept/b.txt']);
    mkdirSync(join(rig.work, 'nothing-here'), { recursive: true });

    const { result, seen } = await mirror('nothing-here', 'kept/');

    expectCode(result, 1);
    expect(result.outputs['error-code']).toBe('NoFilesFound');
    expect(writes(seen)).toEqual([]);
    expect(await listKeys(rig.s3, rig.bucket, 'kept/')).toEqual(['kept/a.txt', 'kept/b.txt']);
  });

  test('an empty prefix with allow-whole-bucket mirrors the whole bucket', async () => {
    const bucket = `${rig.bucket}-whole`;
    await rig.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await seedObjects(rig.s3, bucket, ['stale.txt', 'dir/stale.bin']);
    writeSite('m3', { 'index.html': '<p>home</p>' });

    const { result } = await mirror('m3', '', { bucket, 'allow-whole-bucket': 'true' });

    expectCode(result, 0);
    expect(await listKeys(rig.s3, bucket, '')).toEqual(['index.html']);
    expect(result.outputs['deleted-count']).toBe('2');
  });
});

describe('a pull request preview', () => {
  test('a deploy names the preview URL; mirroring an empty directory removes the whole preview (the cleanup workflow)', async () => {
    writeSite('m6', { 'index.html': '<p>preview</p>', 'app.js': '1' });
    const deploy = await mirror('m6', 'previews/pr-7/', { 'public-base-url': 'https://preview.example.com' });
    expectCode(deploy.result, 0);
    expect(deploy.result.summary).toMatch(/\| Public URL \| .*preview\.example\.com\/previews\/pr-7\/ \|/);

    mkdirSync(join(rig.work, 'empty'), { recursive: true });
    const { result } = await mirror('empty', 'previews/pr-7/', { 'if-no-files-found': 'ignore' });

    expectCode(result, 0);
    expect(await listKeys(rig.s3, rig.bucket, 'previews/')).toEqual([]);
    expect(result.outputs['deleted-count']).toBe('2');
  });
});

describe('a failed upload deletes nothing', () => {
  test('exit non-zero, the removed files stay online, and the summary says why', async () => {
    writeSite('m4', { 'ok.txt': 'ok', 'fails.txt': 'fails' });
    await seedObjects(rig.s3, rig.bucket, ['failing/old.txt']);

    const { result, seen } = await underFaults(
      rig.proxy,
      [
        {
          operation: 'PutObject',
          path: /fails\.txt$/,
          fault: { kind: 'error', status: 403, code: 'AccessDenied' },
        },
      ],
      () => rig.s3Step('upload-artifact', { path: 'm4', 'key-prefix': 'failing/', 'delete-removed': 'true' }),
    );

    expect(result.code).not.toBe(0);
    expectNoCrash(result);
    expect(deletes(seen)).toEqual([]);
    expect(await listKeys(rig.s3, rig.bucket, 'failing/')).toEqual(['failing/ok.txt', 'failing/old.txt']);
    expect(result.outputs['deleted-count']).toBe('0');
    expect(result.summary).toContain('was not deleted because not every file was uploaded');
  });
});

describe('a removal whose answer is lost', () => {
  test('the store deleted the keys but its reply was cut: they are reported as unconfirmed, not as kept', async () => {
    writeSite('m7', { 'keep.txt': 'k' });
    await seedObjects(rig.s3, rig.bucket, ['lost/keep.txt', 'lost/gone-1.txt', 'lost/gone-2.txt']);

    const { result } = await underFaults(
      rig.proxy,
      [{ operation: 'DeleteObjects', fault: { kind: 'cut-reply' } }],
      () => rig.s3Step('upload-artifact', { path: 'm7', 'key-prefix': 'lost/', 'delete-removed': 'true' }),
    );

    expect(result.code).not.toBe(0);
    expectNoCrash(result);
    expect(await listKeys(rig.s3, rig.bucket, 'lost/')).toEqual(['lost/keep.txt']);
    expect(result.outputs['deleted-count']).toBe('0');
    expect(manifestOf(result.outputs).deleted).toEqual([
      { key: 'lost/gone-1.txt', size: expect.any(Number), unconfirmed: true },
      { key: 'lost/gone-2.txt', size: expect.any(Number), unconfirmed: true },
    ]);
    expect(result.summary).toContain('2 removals got no definite answer and may have happened');
  });
});

describe('cancellation', () => {
  const OLD = numbered('cancelled/old-', 4200);

  beforeAll(async () => {
    await seedObjects(rig.s3, rig.bucket, OLD);
    writeSite('m5', { 'index.html': 'new' });
  }, 120_000);

  test('SIGTERM while removals are deleted: no new batch, exit 130, outputs say what went', async () => {
    const after = rig.proxy.requests.length;
    const termination = terminateWhen(() =>
      rig.proxy.waitFor((r) => r.seq > after && r.operation === 'DeleteObjects'),
    );
    const { result, seen } = await underFaults(
      rig.proxy,
      [{ operation: 'DeleteObjects', fault: { kind: 'slow-reply', ms: 1500 } }],
      () =>
        rig.s3Step(
          'upload-artifact',
          { path: 'm5', 'key-prefix': 'cancelled/', 'delete-removed': 'true', 'max-deletes': '5000' },
          { onSpawn: termination.onSpawn },
        ),
    );

    expectCode(result, 130);
    expectNoCrash(result);
    const batches = deletes(seen).length;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(4);
    const left = new Set(await listKeys(rig.s3, rig.bucket, 'cancelled/'));
    const gone = OLD.filter((k) => !left.has(k));
    expect(gone).toHaveLength(batches * 1000);
    expect(left.has('cancelled/index.html')).toBe(true);
    expect(result.outputs['deleted-count']).toBe(String(gone.length));
    expect(manifestOf(result.outputs).deleted?.length).toBe(gone.length);
  }, 60_000);
});
