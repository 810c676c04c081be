import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { TaskError } from '../../src/errors.js';
import type { CommonSettings } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';
import { Logger } from '../../src/logging/logger.js';
import { Redactor } from '../../src/logging/redactor.js';
import type { OperationContext } from '../../src/operations/operation.js';
import { BatchDeleter } from '../../src/operations/prune/delete.js';
import { Tally } from '../../src/operations/prune/entries.js';
import { prune, streamingLimits, type PrunePlan } from '../../src/operations/prune/index.js';
import { Manifest } from '../../src/operations/prune/manifest.js';
import { parsePrune } from '../../src/operations/prune/settings.js';
import { runTask } from '../../src/run-task.js';
import { FakeHost, githubEnv } from './fake-host.js';
import { allCalls, s3Error, useTaskSandbox } from './helpers.js';
import { FakeS3 } from './prune-fake-s3.js';

const sandbox = useTaskSandbox('atp-prune-', { ambientKeys: true });
const { s3, sm, sts } = sandbox;
const DAY = 86_400_000;
const NOW = Date.now();
const OLD = NOW - 40 * DAY;
const FRESH = NOW - DAY;
let fake: FakeS3;

beforeEach(() => {
  fake = new FakeS3(s3).install();
});

async function run(inputs: Record<string, string | undefined>, signal?: AbortSignal) {
  const host = new FakeHost({
    inputs: {
      operation: 'prune',
      'aws-region': 'eu-west-1',
      bucket: fake.bucket,
      prefix: 'builds/',
      ...inputs,
    },
    env: githubEnv(),
    tempDir: sandbox.tmp,
  });
  const code = await runTask(host, { signal, backoff: { sleep: async () => {}, random: () => 0 } });
  return { host, code };
}

const seed = (n: number, time: number, stem = 'builds/old-'): void => {
  for (let i = 0; i < n; i++) fake.put(`${stem}${String(i).padStart(5, '0')}`, time, 100);
};
const manifestOf = (host: FakeHost): Array<{ key: string; versionId?: string }> =>
  JSON.parse(readFileSync(host.outputs['manifest-path']!, 'utf8'));
const deleteCalls = () => s3.commandCalls(DeleteObjectsCommand);

describe('prune: dry run', () => {
  it('is the default: lists, prints each planned deletion as the aws CLI does, and deletes nothing', async () => {
    seed(3, OLD);
    fake.put('builds/fresh', FRESH).put('other/old', OLD);
    const { host, code } = await run({ 'older-than': '30d' });

    expect(code).toBe(0);
    expect(deleteCalls()).toHaveLength(0);
    expect(fake.keys()).toHaveLength(5);
    const planned = host.lines.filter((l) => l.startsWith('(dryrun) delete: '));
    expect(planned.map((l) => l.split('  [')[0])).toEqual([
      '(dryrun) delete: s3://prune-bucket/builds/old-00000',
      '(dryrun) delete: s3://prune-bucket/builds/old-00001',
      '(dryrun) delete: s3://prune-bucket/builds/old-00002',
    ]);
    expect(planned[0]).toContain('event=object.planned');
    expect(host.outputs).toMatchObject({
      'dry-run': 'true',
      'deleted-count': '0',
      'deleted-bytes': '0',
      'planned-count': '3',
      'kept-count': '1',
    });
    expect(manifestOf(host).map((e) => e.key)).toEqual([
      'builds/old-00000',
      'builds/old-00001',
      'builds/old-00002',
    ]);
    expect(host.summary).toContain('Dry run: nothing was deleted. Run with `dry-run: false` to delete');
  });

  it('keeps per-key lines to the first 1000 and counts the rest, in json logs too', async () => {
    seed(1200, OLD);
    const { host, code } = await run({ 'older-than': '30d', 'max-deletes': '5000', 'log-format': 'json' });
    expect(code).toBe(0);
    const events = host.lines.map(
      (l) => JSON.parse(l) as { event: string; message: string; fields: { key?: string } },
    );
    const planned = events.filter((e) => e.event === 'object.planned');
    expect(planned).toHaveLength(1000);
    expect(planned[0]!.message).toBe('(dryrun) delete: s3://prune-bucket/builds/old-00000');
    expect(planned[0]!.fields.key).toBe('builds/old-00000');
    const more = events.find((e) => e.event === 'objects.planned-more')!;
    expect(more.message).toContain('200 more');
    expect(manifestOf(host)).toHaveLength(1200);
    expect(deleteCalls()).toHaveLength(0);
  });
});

describe('prune: deleting', () => {
  it('streams plain older-than: lists once, holds the selection, then deletes it in batches of 1000', async () => {
    seed(2500, OLD);
    seed(10, FRESH, 'builds/new-');
    const { host, code } = await run({ 'older-than': '30d', 'dry-run': 'false', 'max-deletes': '2500' });

    expect(code).toBe(0);
    const batches = fake.deleteBatches();
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    for (const call of deleteCalls()) expect(call.args[0].input.Delete?.Quiet).toBe(true);
    expect(batches.flat().every((o) => o.VersionId === undefined)).toBe(true);
    // Exactly one list request per 1000 keys listed: apply deletes what the plan held.
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(3);
    expect(fake.keys()).toEqual(Array.from({ length: 10 }, (_, i) => `builds/new-0000${i}`));
    expect(host.outputs).toMatchObject({
      'deleted-count': '2500',
      'deleted-bytes': String(2500 * 100),
      'planned-count': '2500',
      'kept-count': '10',
      'exit-code': '0',
    });
    expect(host.lines.filter((l) => l.startsWith('delete: s3://prune-bucket/builds/old-'))).toHaveLength(
      1000,
    );
    expect(host.lines.some((l) => l.includes('1500 more deleted'))).toBe(true);
    expect(manifestOf(host)).toHaveLength(2500);
    expect(host.summary).toContain('Deleted 2,500 objects');
    expect(host.summary).toContain('builds/old-00000');
  });

  it('past the held-entries limit, streaming counts only and lists again while deleting', async () => {
    // The README says when the prefix is listed twice: keep it saying what the code does.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(
      `Only a selection of more than ${streamingLimits.heldEntries.toLocaleString('en-US')} keys is not held: the plan then only counts, and the prefix is listed a second time while deleting`,
    );
    streamingLimits.heldEntries = 1000;
    try {
      seed(2500, OLD);
      seed(10, FRESH, 'builds/new-');
      const { host, code } = await run({ 'older-than': '30d', 'dry-run': 'false', 'max-deletes': '2500' });
      expect(code).toBe(0);
      expect(fake.deleteBatches().map((b) => b.length)).toEqual([1000, 1000, 500]);
      // Three pages to count and three to delete from: memory stays flat whatever the prefix holds.
      expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(6);
      expect(fake.keys()).toEqual(Array.from({ length: 10 }, (_, i) => `builds/new-0000${i}`));
      expect(host.outputs['deleted-count']).toBe('2500');
      expect(manifestOf(host)).toHaveLength(2500);
    } finally {
      streamingLimits.heldEntries = 200_000;
    }
  });

  it('deletes exactly the planned entries when the selection needs the whole prefix (keep-latest)', async () => {
    seed(2001, OLD);
    const { host, code } = await run({
      'older-than': '30d',
      'keep-latest': '1',
      'dry-run': 'false',
      'max-deletes': '3000',
    });
    expect(code).toBe(0);
    expect(fake.deleteBatches().map((b) => b.length)).toEqual([1000, 1000]);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(3);
    expect(fake.keys()).toHaveLength(1);
    expect(host.outputs['deleted-count']).toBe('2000');
  });

  it('keep-latest alone keeps the N newest whatever their age', async () => {
    for (let i = 0; i < 6; i++) fake.put(`builds/${i}.zip`, OLD + i * DAY);
    const { code } = await run({ 'keep-latest': '2', 'dry-run': 'false' });
    expect(code).toBe(0);
    expect(fake.keys()).toEqual(['builds/4.zip', 'builds/5.zip']);
  });

  it('reads the bucket versioning status and notes that current deletes only add delete markers', async () => {
    fake.versioning = 'Enabled';
    seed(1, OLD);
    const { host, code } = await run({ 'older-than': '30d' });
    expect(code).toBe(0);
    expect(s3.commandCalls(GetBucketVersioningCommand)).toHaveLength(1);
    expect(host.summary).toContain('only adds delete markers');
  });
});

describe('prune: failures', () => {
  it('carries on after per-key errors, reports every failed key, and exits 6', async () => {
    seed(2500, OLD);
    for (const i of [5, 1500, 2499])
      fake.failing.set(`builds/old-${String(i).padStart(5, '0')}`, 'AccessDenied');
    const { host, code } = await run({ 'older-than': '30d', 'dry-run': 'false', 'max-deletes': '2500' });

    expect(code).toBe(6);
    expect(deleteCalls()).toHaveLength(3);
    const failedLines = host.lines.filter((l) => l.startsWith('delete failed: '));
    expect(failedLines.map((l) => l.split(' AccessDenied')[0])).toEqual([
      'delete failed: s3://prune-bucket/builds/old-00005',
      'delete failed: s3://prune-bucket/builds/old-01500',
      'delete failed: s3://prune-bucket/builds/old-02499',
    ]);
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('3 deletions failed (AccessDenied ×3)');
    expect(host.errors[0]).toContain('builds/old-00005: AccessDenied');
    expect(host.outputs).toMatchObject({
      'exit-code': '6',
      'error-code': 'AccessDenied',
      'deleted-count': '2497',
    });
    expect(fake.keys()).toEqual(['builds/old-00005', 'builds/old-01500', 'builds/old-02499']);
    const manifest = manifestOf(host).map((e) => e.key);
    expect(manifest).toHaveLength(2497);
    expect(manifest).not.toContain('builds/old-00005');
  });

  it('stops sending batches when a whole DeleteObjects call is denied (exit 4)', async () => {
    seed(3000, OLD);
    const denied = await s3Error(
      new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [] } }),
      403,
      'AccessDenied',
    );
    s3.on(DeleteObjectsCommand).rejects(denied);
    const { host, code } = await run({ 'older-than': '30d', 'dry-run': 'false', 'max-deletes': '3000' });
    expect(code).toBe(4);
    // The calls already in flight when the first one failed, and no more.
    expect(deleteCalls().length).toBeLessThanOrEqual(3);
    expect(host.errors[0]).toContain('s3:DeleteObject');
    expect(host.outputs['error-code']).toBe('AccessDenied');
    // S3 said no: nothing was deleted, and nothing is reported as perhaps deleted.
    expect(host.outputs['unconfirmed-count']).toBe('0');
    expect(manifestOf(host)).toEqual([]);
    expect(host.errors[0]).not.toContain('may have been deleted');
  });

  it.each([
    ['streaming, dry run', { 'older-than': '30d' }],
    ['streaming', { 'older-than': '30d', 'dry-run': 'false' }],
    ['planned, dry run', { 'older-than': '30d', 'keep-latest': '1' }],
    ['planned', { 'older-than': '30d', 'keep-latest': '1', 'dry-run': 'false' }],
  ])('refuses a plan over max-deletes before any delete (%s): exit 7', async (_label, inputs) => {
    seed(6, OLD);
    const { host, code } = await run({ ...inputs, 'max-deletes': '4' });
    expect(code).toBe(7);
    expect(deleteCalls()).toHaveLength(0);
    expect(fake.keys()).toHaveLength(6);
    expect(host.outputs['error-code']).toBe('MaxDeletesExceeded');
    expect(host.errors[0]).toMatch(/would delete [56] objects/);
    expect(host.errors[0]).toContain('max-deletes: 4');
    expect(host.errors[0]).toMatch(/set `max-deletes: [56]` or more/);
    expect(host.outputs['deleted-count']).toBe('0');
  });

  it('treats a listed key outside the prefix as a bug (exit 99) and deletes nothing, even in dry-run', async () => {
    seed(3, OLD);
    fake.put('elsewhere/old', OLD);
    fake.ignorePrefix = true;
    for (const dryRun of ['true', 'false']) {
      const { host, code } = await run({ 'older-than': '30d', 'keep-latest': '1', 'dry-run': dryRun });
      expect(code).toBe(99);
      expect(host.outputs['error-code']).toBe('KeyOutsidePrefix');
      expect(host.errors[0]).toContain('"elsewhere/old"');
    }
    expect(deleteCalls()).toHaveLength(0);
    expect(fake.keys()).toHaveLength(4);
  });

  it('stops sending new batches when cancelled and says what was deleted (exit 130)', async () => {
    seed(3500, OLD);
    const controller = new AbortController();
    fake.onDelete = (call) => {
      if (call === 1) controller.abort();
    };
    const { host, code } = await run(
      { 'older-than': '30d', 'dry-run': 'false', 'max-deletes': '5000' },
      controller.signal,
    );
    expect(code).toBe(130);
    expect(deleteCalls()).toHaveLength(1);
    expect(fake.keys()).toHaveLength(2500);
    expect(host.errors[0]).toContain('1,000 objects of 3,500 planned were deleted');
    expect(host.outputs['deleted-count']).toBe('1000');
    expect(manifestOf(host)).toHaveLength(1000);
  });
});

describe('prune: versions, folders and uploads', () => {
  it('versions: all ages every version on its own and removes delete markers left with nothing behind them', async () => {
    fake.versioning = 'Enabled';
    fake
      .put('builds/a', OLD)
      .put('builds/a', OLD + DAY)
      .put('builds/a', FRESH); // old noncurrent go, current stays
    fake.put('builds/b', OLD).marker('builds/b', FRESH); // the marker is fresh but would hide nothing
    fake.put('builds/c', FRESH);
    fake.marker('builds/d', OLD);
    fake.put('builds/e', OLD);
    fake.put('other/x', OLD);
    const { host, code } = await run({ 'older-than': '30d', versions: 'all', 'dry-run': 'false' });

    expect(code).toBe(0);
    expect(s3.commandCalls(ListObjectVersionsCommand).length).toBeGreaterThan(0);
    expect(s3.commandCalls(GetBucketVersioningCommand)).toHaveLength(0);
    const sent = fake.deleteBatches().flat();
    expect(sent.every((o) => o.VersionId !== undefined)).toBe(true);
    expect(sent).toHaveLength(6);
    expect(fake.versions.map((v) => v.key).sort()).toEqual(['builds/a', 'builds/c', 'other/x']);
    expect(host.outputs['deleted-count']).toBe('6');
    expect(
      host.lines.some((l) => /^delete: s3:\/\/prune-bucket\/builds\/b \(delete marker m\d+\)/.test(l)),
    ).toBe(true);
    expect(manifestOf(host).every((e) => e.versionId !== undefined)).toBe(true);
  });

  it('group-by folder: ages folders by their newest object and deletes or keeps them whole', async () => {
    fake.put('builds/v1/app.zip', OLD).put('builds/v1/notes.txt', OLD);
    fake.put('builds/v2/app.zip', OLD).put('builds/v2/late.txt', FRESH); // one fresh object keeps v2
    fake.put('builds/v3/app.zip', OLD + DAY).put('builds/v3/KEEP', OLD); // pinned by exclude
    fake.put('builds/v4/app.zip', OLD + 2 * DAY); // the newest old folder: kept by keep-latest
    fake.put('builds/v5/app.zip', OLD - DAY);
    fake.put('builds/loose.txt', OLD); // not in a folder: kept
    const { host, code } = await run({
      'older-than': '30d',
      'group-by': 'folder',
      'keep-latest': '2',
      exclude: '*/KEEP',
      'dry-run': 'false',
    });
    expect(code).toBe(0);
    expect(fake.keys()).toEqual([
      'builds/loose.txt',
      'builds/v2/app.zip',
      'builds/v2/late.txt',
      'builds/v3/KEEP',
      'builds/v3/app.zip',
      'builds/v4/app.zip',
    ]);
    expect(host.summary).toContain('3 objects deleted in 2 folders');
    expect(host.summary).toContain('| builds/v3/ | 2 objects, 20 B |');
    expect(host.summary).toContain('builds/v5/');
  });

  it('include limits the candidates to matching keys relative to the prefix', async () => {
    fake
      .put('builds/a.zip', OLD)
      .put('builds/a.log', OLD)
      .put('builds/sub/b.zip', OLD)
      .put('builds/sub/b.log', OLD);
    const { code } = await run({
      'older-than': '30d',
      include: '**/*.zip',
      exclude: 'sub/b*',
      'dry-run': 'false',
    });
    expect(code).toBe(0);
    expect(fake.keys()).toEqual(['builds/a.log', 'builds/sub/b.log', 'builds/sub/b.zip']);
  });

  it('aborts multipart uploads under the prefix started before older-than (not in dry-run)', async () => {
    fake.uploads.push(
      { key: 'builds/big.bin', uploadId: 'stale-1', initiated: OLD },
      { key: 'builds/new.bin', uploadId: 'fresh-1', initiated: FRESH },
    );
    const dry = await run({ 'older-than': '30d' });
    expect(dry.code).toBe(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
    expect(
      dry.host.lines.some((l) =>
        l.startsWith('(dryrun) abort: s3://prune-bucket/builds/big.bin (upload stale-1'),
      ),
    ).toBe(true);

    const { host, code } = await run({ 'older-than': '30d', 'dry-run': 'false' });
    expect(code).toBe(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input.UploadId)).toEqual([
      'stale-1',
    ]);
    expect(fake.uploads.map((u) => u.uploadId)).toEqual(['fresh-1']);
    expect(host.summary).toContain('1 stale multipart upload aborted');

    s3.resetHistory();
    await run({ 'older-than': '30d', 'dry-run': 'false', 'abort-incomplete-uploads': 'false' });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('warns, without failing, when a prefix without `/` also matches keys outside the folder', async () => {
    fake.put('build/a', OLD).put('build-old/b', OLD).put('build', OLD);
    const { host, code } = await run({ prefix: 'build', 'older-than': '30d' });
    expect(code).toBe(0);
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toContain('`build-old/b`');
    expect(host.warnings[0]).toContain('prefix: build/');
    expect(host.outputs['planned-count']).toBe('3');
  });

  it('escapes control characters of keys in log lines', async () => {
    fake.put('builds/evil\n::error::forged', OLD);
    const { host } = await run({ 'older-than': '30d' });
    expect(host.lines.some((l) => l.includes('builds/evil\\x0a::error::forged'))).toBe(true);
    expect(host.lines.some((l) => l.split('\n').some((part) => part.startsWith('::error')))).toBe(false);
  });
});

describe('prune: inputs', () => {
  it.each<[string, Record<string, string | undefined>]>([
    ['older-than', {}],
    ['older-than', { 'older-than': '30 days' }],
    ['older-than', { 'older-than': '0d' }],
    ['older-than', { 'older-than': '2999-01-01T00:00:00Z' }],
    ['prefix', { prefix: undefined, 'older-than': '1d' }],
    ['bucket', { bucket: 'Not_A_Bucket', 'older-than': '1d' }],
    ['keep-latest', { 'keep-latest': '-1' }],
    ['group-by', { 'group-by': 'day', 'older-than': '1d' }],
    ['versions', { versions: 'noncurrent', 'older-than': '1d' }],
    ['include', { include: 'a/[b', 'older-than': '1d' }],
    ['max-deletes', { 'max-deletes': 'lots', 'older-than': '1d' }],
    ['allow-whole-bucket', { 'allow-whole-bucket': 'yes', 'older-than': '1d' }],
  ])('%s: %j fails with exit 1 and no request', async (input, inputs) => {
    const { host, code } = await run(inputs);
    expect(code).toBe(1);
    expect(allCalls(s3, sm, sts)).toBe(0);
    expect(host.errors[0]).toContain(`\`${input}\``);
  });

  it('allow-whole-bucket lists the whole bucket', async () => {
    fake.put('a', OLD).put('b/c', FRESH);
    const { host, code } = await run({
      prefix: undefined,
      'allow-whole-bucket': 'true',
      'older-than': '30d',
    });
    expect(code).toBe(0);
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input.Prefix).toBeUndefined();
    expect(host.outputs['planned-count']).toBe('1');
    expect(host.summary).toContain('| Selection | the whole bucket · older than 30d |');
  });
});

describe('prune: the delete sender', () => {
  const deps = () => {
    const host = new FakeHost({ tempDir: sandbox.tmp });
    const logger = new Logger(host, new Redactor());
    return { host, logger, manifest: new Manifest(sandbox.tmp, fake.bucket) };
  };

  it('checks every key of a batch against the prefix before sending it (exit 99, nothing sent)', async () => {
    const { logger, manifest } = deps();
    const deleter = new BatchDeleter({
      s3: new S3Client({ region: 'eu-west-1' }),
      bucket: fake.bucket,
      prefix: 'builds/',
      logger,
      signal: new AbortController().signal,
      manifest,
      keepFirst: 0,
    });
    const batch = [
      { key: 'builds/a', size: 1, time: OLD },
      { key: 'builds-old/b', size: 1, time: OLD },
    ];
    const err = await deleter.submit(batch).then(
      () => undefined,
      (e: unknown) => e as TaskError,
    );
    expect(err).toBeInstanceOf(TaskError);
    expect(err!.exitCode).toBe(99);
    expect(err!.message).toContain('"builds-old/b"');
    expect(deleteCalls()).toHaveLength(0);
  });

  it('checks the whole plan before the first batch in planned mode', async () => {
    const { host, logger } = deps();
    const s3client = new S3Client({ region: 'eu-west-1' });
    const ctx = {
      host,
      logger,
      clients: { s3: () => s3client },
      common: { dryRun: false },
      signal: new AbortController().signal,
      registerSecret: () => undefined,
    } as unknown as OperationContext;
    const settings = parsePrune(
      schemaReader((n) => ({ bucket: fake.bucket, prefix: 'builds/', 'keep-latest': '1' })[n]),
      {} as CommonSettings,
    );
    const remove = Array.from({ length: 1500 }, (_, i) => ({ key: `builds/${i}`, size: 1, time: OLD }));
    remove.push({ key: 'elsewhere', size: 1, time: OLD });
    const plan = {
      mode: 'planned',
      remove,
      planned: new Tally(),
      uploads: [],
      keptCount: 0,
    } as unknown as PrunePlan;
    // apply never throws: the refusal comes back inside the outcome, with nothing deleted.
    const outcome = await prune.apply(ctx, settings, plan);
    expect(outcome.failure).toMatchObject({ kind: 'unexpected' });
    expect(outcome.deleted.count).toBe(0);
    expect(deleteCalls()).toHaveLength(0);
  });

  it('keeps at most four DeleteObjects calls in flight', async () => {
    seed(12_000, OLD);
    let inflight = 0;
    let most = 0;
    fake.onDelete = async () => {
      most = Math.max(most, ++inflight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inflight--;
    };
    const { code } = await run({ 'older-than': '30d', 'dry-run': 'false', 'max-deletes': '12000' });
    expect(code).toBe(0);
    expect(deleteCalls()).toHaveLength(12);
    expect(most).toBe(4);
    expect(fake.keys()).toEqual([]);
  });
});

describe('prune: the S3 lifecycle equivalent in the plan', () => {
  it('a plain older-than plan names the rule and the ensure-bucket inputs that install it', async () => {
    seed(2, OLD);
    const { host, code } = await run({ 'older-than': '30d' });

    expect(code).toBe(0);
    expect(host.summary).toContain('S3 lifecycle equivalent');
    expect(host.summary).toContain(
      '| lifecycle-rules | id=prune-builds prefix=builds/ expire-days=30 abort-incomplete-days=30 |',
    );
    expect(host.lines.some((l) => l.includes('S3 can do this prune itself'))).toBe(true);
  });

  it('a keep-latest plan of current objects says no rule can express it', async () => {
    seed(2, OLD);
    const { host } = await run({ 'keep-latest': '1' });

    expect(host.summary).not.toContain('S3 lifecycle equivalent');
    expect(host.summary).toContain('No S3 lifecycle rule can express this selection');
  });
});
