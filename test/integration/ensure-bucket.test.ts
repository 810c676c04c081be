/**
 * `ensure-bucket` end to end: the built bundle (dist/index.js) runs as the Actions runner runs it
 * (INPUT_* variables, GITHUB_OUTPUT/GITHUB_ENV/GITHUB_STEP_SUMMARY files, static keys in the
 * environment, no shared config files), against one moto_server behind a counting proxy. What the
 * bucket became is read back with the SDK straight from moto, so the proxy counts only the bundle.
 *
 * The scenarios share buckets and run in order: create → re-run → change → dry-run.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketTaggingCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { changesOf, summaryRows, type ChangeOut } from '../support/ensure-bucket-outputs.js';
import { TEST_CREDENTIALS } from './fixtures.js';
import { errorAnnotations, expectExit, startHarness, type Harness, type RunResult } from './harness.js';
import {
  ALL_BLOCKED,
  bucketNames,
  isWriteRequest,
  s3Client,
  s3Operation,
  snapshotBucket,
  startStoreProxy,
  uniqueBucket,
} from './s3-support.js';

const MANAGED_RULE_ID = 'aws-task-pack-managed';

let h: Harness;
let usEast1: S3Client;
let euWest1: S3Client;

beforeAll(async () => {
  h = await startHarness();
  usEast1 = s3Client(h.moto.endpoint, 'us-east-1');
  euWest1 = s3Client(h.moto.endpoint, 'eu-west-1');
}, 60_000);

afterAll(async () => {
  usEast1?.destroy();
  euWest1?.destroy();
  await h?.stop();
});

/** Runs the bundle for `ensure-bucket` with moto behind the counting proxy as `endpoint-url`. */
function ensure(inputs: Record<string, string>, endpoint = h.proxy.endpoint): Promise<RunResult> {
  return h.run({
    inputs: {
      operation: 'ensure-bucket',
      'aws-region': 'us-east-1',
      'endpoint-url': endpoint,
      'force-path-style': 'true',
      ...inputs,
    },
    credentials: TEST_CREDENTIALS,
    idToken: false,
  });
}

const warnings = (r: RunResult): string[] => r.stdoutLines.filter((l) => l.startsWith('::warning'));
const operations = (r: RunResult): string[] => r.requests.map(s3Operation);
const writeOperations = (r: RunResult): string[] => r.requests.filter(isWriteRequest).map(s3Operation);

const short = (c: ChangeOut): string => `${c.op} ${c.setting}${c.key !== undefined ? `.${c.key}` : ''}`;

const AES256_RULE = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } };

describe('bad bucket names', () => {
  test('exit 1 with zero requests', async () => {
    const before = h.proxy.requests.length;
    const names = ['Bad_Bucket', 'ab', '192.168.10.20', 'my..bucket', 'xn--bucket', 'bucket-s3alias'];
    const runs = await Promise.all(names.map((bucket) => ensure({ bucket })));

    for (const [i, r] of runs.entries()) {
      expectExit(r, 1);
      expect(r.outputs['exit-code']).toBe('1');
      expect(r.outputs['error-code']).toBe('InvalidInput');
      const errors = errorAnnotations(r);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('`bucket`');
      expect(errors[0]).toContain(JSON.stringify(names[i]));
    }
    // The runs overlap, so count what reached the endpoint over all of them.
    expect(h.proxy.requests.length).toBe(before);
  });
});

describe('a bucket in us-east-1, created and then converged', () => {
  const bucket = uniqueBucket('use1');
  const inputs = {
    bucket,
    versioning: 'enabled',
    tags: 'team=platform\nenv=ci',
    'expire-after-days': '30',
    'expire-prefix': 'tmp/',
  };

  test('create: no LocationConstraint, and every declared setting in place', async () => {
    const r = await ensure(inputs);

    expectExit(r, 0);
    const create = r.requests.find((q) => s3Operation(q) === 'CreateBucket');
    // us-east-1 is the one region whose CreateBucket carries no LocationConstraint.
    expect(create?.body ?? '').not.toContain('LocationConstraint');
    expect(writeOperations(r)).toEqual([
      'CreateBucket',
      'PutBucketOwnershipControls',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketVersioning',
      'PutBucketTagging',
      'PutBucketLifecycleConfiguration',
    ]);
    expect(r.outputs).toMatchObject({
      'bucket-arn': `arn:aws:s3:::${bucket}`,
      region: 'us-east-1',
      created: 'true',
      changed: 'true',
      'dry-run': 'false',
      'exit-code': '0',
    });
    expect(changesOf(r).map(short)).toEqual([
      '+ bucket',
      '+ versioning',
      '+ encryption',
      '+ block-public-access',
      '+ object-ownership',
      '+ tags.team',
      '+ tags.env',
      '+ lifecycle',
    ]);
    expect(r.summary).toMatch(/changes? applied<\/summary>/);
    expect(summaryRows(r)).toHaveLength(8);
    expect(r.stdoutLines.some((l) => l.startsWith(`+ bucket: ${bucket} in us-east-1`))).toBe(true);

    expect(await snapshotBucket(usEast1, bucket)).toEqual({
      location: 'us-east-1',
      versioning: 'Enabled',
      encryption: [expect.objectContaining(AES256_RULE)],
      publicAccessBlock: ALL_BLOCKED,
      ownership: 'BucketOwnerEnforced',
      tags: { team: 'platform', env: 'ci' },
      lifecycle: [
        {
          ID: MANAGED_RULE_ID,
          Status: 'Enabled',
          Filter: { Prefix: 'tmp/' },
          Expiration: { Days: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    });
  });

  test('re-run with the same inputs: only GET and HEAD requests, nothing changed', async () => {
    const before = await snapshotBucket(usEast1, bucket);

    const r = await ensure(inputs);

    expectExit(r, 0);
    expect(r.requests.length).toBeGreaterThan(0);
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect(new Set(r.requests.map((q) => q.method))).toEqual(new Set(['GET', 'HEAD']));
    expect(r.outputs).toMatchObject({ created: 'false', changed: 'false', changes: '[]' });
    expect(r.summary).toMatch(/^### ✅ ensure-bucket: No changes: /);
    expect(await snapshotBucket(usEast1, bucket)).toEqual(before);
  });

  test('change versioning and one tag: only those two writes, only those changes reported', async () => {
    // A tag the workflow does not list, set by someone else: kept.
    await usEast1.send(
      new PutBucketTaggingCommand({
        Bucket: bucket,
        Tagging: {
          TagSet: [
            { Key: 'team', Value: 'platform' },
            { Key: 'env', Value: 'ci' },
            { Key: 'owner', Value: 'alice' },
          ],
        },
      }),
    );

    const r = await ensure({ ...inputs, versioning: 'suspended', tags: 'team=infra\nenv=ci' });

    expectExit(r, 0);
    expect(writeOperations(r)).toEqual(['PutBucketVersioning', 'PutBucketTagging']);
    expect(changesOf(r)).toEqual([
      { setting: 'versioning', op: '~', from: 'Enabled', to: 'Suspended' },
      { setting: 'tags', key: 'team', op: '~', from: 'platform', to: 'infra' },
    ]);
    expect(r.outputs).toMatchObject({ created: 'false', changed: 'true' });
    expect(summaryRows(r)).toEqual(['~ versioning  Enabled → Suspended', '~ tags.team  platform → infra']);
    const logged = r.stdoutLines.filter((l) => l.includes('event=bucket.plan '));
    expect(logged.map((l) => l.slice(0, l.indexOf('  [')))).toEqual([
      '~ versioning: Enabled → Suspended',
      '~ tags.team: platform → infra',
    ]);

    const after = await snapshotBucket(usEast1, bucket);
    expect(after.versioning).toBe('Suspended');
    expect(after.tags).toEqual({ team: 'infra', env: 'ci', owner: 'alice' });
  });

  test('dry-run on the existing bucket: read only, outputs say what would change', async () => {
    const before = await snapshotBucket(usEast1, bucket);

    const r = await ensure({
      ...inputs,
      versioning: 'enabled',
      tags: 'team=infra\nenv=ci',
      'tags-exclusive': 'true',
      'dry-run': 'true',
    });

    expectExit(r, 0);
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect(r.outputs).toMatchObject({ 'dry-run': 'true', created: 'false', changed: 'true' });
    expect(changesOf(r)).toEqual([
      { setting: 'versioning', op: '~', from: 'Suspended', to: 'Enabled' },
      { setting: 'tags', key: 'owner', op: '-', from: 'alice', to: null },
    ]);
    expect(r.summary).toContain('Dry run: nothing was changed');
    expect(r.summary).toMatch(/changes? planned<\/summary>/);
    expect(summaryRows(r)).toEqual(['~ versioning  Suspended → Enabled', '- tags.owner  alice']);
    expect(await snapshotBucket(usEast1, bucket)).toEqual(before);
  });

  test('dry-run on the bucket as it is: changed is false', async () => {
    const r = await ensure({ ...inputs, versioning: 'suspended', tags: 'team=infra', 'dry-run': 'true' });

    expectExit(r, 0);
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect(r.outputs).toMatchObject({ created: 'false', changed: 'false', changes: '[]' });
  });
});

describe('a bucket in eu-west-1', () => {
  const bucket = uniqueBucket('euw1');

  test('create: LocationConstraint eu-west-1, and the default settings', async () => {
    const r = await ensure({ bucket, 'aws-region': 'eu-west-1' });

    expectExit(r, 0);
    const create = r.requests.find((q) => s3Operation(q) === 'CreateBucket');
    expect(create?.body).toMatch(/<LocationConstraint>eu-west-1<\/LocationConstraint>/);
    expect(r.outputs).toMatchObject({
      'bucket-arn': `arn:aws:s3:::${bucket}`,
      region: 'eu-west-1',
      created: 'true',
      changed: 'true',
    });
    expect(await snapshotBucket(euWest1, bucket)).toEqual({
      location: 'eu-west-1',
      versioning: null,
      encryption: [expect.objectContaining(AES256_RULE)],
      publicAccessBlock: ALL_BLOCKED,
      ownership: 'BucketOwnerEnforced',
      tags: null,
      lifecycle: [
        {
          ID: MANAGED_RULE_ID,
          Status: 'Enabled',
          Filter: { Prefix: '' },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    });

    const again = await ensure({ bucket, 'aws-region': 'eu-west-1' });
    expectExit(again, 0);
    expect(again.requests.filter(isWriteRequest)).toEqual([]);
    expect(again.outputs.changed).toBe('false');
  });

  test('from a step in us-east-1: exit 1 naming both regions, nothing written', async () => {
    // moto answers HeadBucket from any region with 200 and x-amz-bucket-region; AWS answers 301 with
    // that header at the wrong regional endpoint. The action reads the header either way (the 301 case
    // is covered by the unit tests).
    const r = await ensure({ bucket, 'aws-region': 'us-east-1' });

    expectExit(r, 1);
    expect(operations(r)).toEqual(['HeadBucket']);
    expect(r.outputs['error-code']).toBe('BucketInAnotherRegion');
    const errors = errorAnnotations(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('eu-west-1');
    expect(errors[0]).toContain('us-east-1');
    expect((await snapshotBucket(euWest1, bucket)).location).toBe('eu-west-1');
  });
});

describe('foreign lifecycle rules', () => {
  const bucket = uniqueBucket('lcyc');
  const foreign: LifecycleRule[] = [
    { ID: 'logs-retention', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 90 } },
    {
      ID: 'archive-tagged',
      Status: 'Disabled',
      Filter: { And: { Prefix: 'archive/', Tags: [{ Key: 'tier', Value: 'cold' }] } },
      Transitions: [{ Days: 40, StorageClass: 'GLACIER' }],
    },
  ];

  test('are preserved when the managed rule is added, and a re-run writes nothing', async () => {
    await usEast1.send(new CreateBucketCommand({ Bucket: bucket }));
    await usEast1.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: foreign },
      }),
    );
    const foreignAsStored = (await snapshotBucket(usEast1, bucket)).lifecycle;

    const r = await ensure({ bucket, 'expire-after-days': '7', 'expire-prefix': 'scratch/' });

    expectExit(r, 0);
    expect(r.outputs.created).toBe('false');
    // moto gives a new bucket no default encryption, public-access block or ownership controls, so
    // those are added here too; on AWS a new bucket already has all three (SSE-S3, all four blocks on,
    // BucketOwnerEnforced) and only the lifecycle rule would be written.
    expect(changesOf(r).map(short)).toEqual([
      '+ encryption',
      '+ block-public-access',
      '+ object-ownership',
      '+ lifecycle',
    ]);
    expect(writeOperations(r).filter((o) => o.includes('Lifecycle'))).toEqual([
      'PutBucketLifecycleConfiguration',
    ]);
    expect((await snapshotBucket(usEast1, bucket)).lifecycle).toEqual([
      ...foreignAsStored!,
      {
        ID: MANAGED_RULE_ID,
        Status: 'Enabled',
        Filter: { Prefix: 'scratch/' },
        Expiration: { Days: 7 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
    ]);

    const again = await ensure({ bucket, 'expire-after-days': '7', 'expire-prefix': 'scratch/' });
    expectExit(again, 0);
    expect(again.requests.filter(isWriteRequest)).toEqual([]);
  });

  test('are preserved when the managed rule is removed', async () => {
    const r = await ensure({ bucket, 'abort-incomplete-multipart-days': '0' });

    expectExit(r, 0);
    expect(writeOperations(r)).toEqual(['PutBucketLifecycleConfiguration']);
    expect(changesOf(r).map(short)).toEqual(['- lifecycle']);
    const rules = (await snapshotBucket(usEast1, bucket)).lifecycle;
    expect(rules?.map((x) => x.ID)).toEqual(['logs-retention', 'archive-tagged']);
  });
});

describe('lifecycle-rules: a list of rules, each owned by its ID', () => {
  const bucket = uniqueBucket('lrules');
  // No `keep-noncurrent` here: moto 5 drops NewerNoncurrentVersions from a stored rule, where AWS keeps it
  // (PutBucketLifecycleConfiguration reference), so a re-run would see a difference on moto only. The
  // unit tests cover `keep-noncurrent` against a store that keeps it, as AWS does.
  const rules = [
    'id=previews prefix=previews/ expire-days=14 abort-incomplete-days=1',
    'id=releases prefix=releases/ noncurrent-days=30',
  ].join('\n');

  test('converges every declared rule beside a foreign one, and a re-run makes zero writes', async () => {
    await usEast1.send(new CreateBucketCommand({ Bucket: bucket }));
    const foreign: LifecycleRule = {
      ID: 'logs-retention',
      Status: 'Enabled',
      Filter: { Prefix: 'logs/' },
      Expiration: { Days: 90 },
    };
    await usEast1.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: [foreign] },
      }),
    );

    const r = await ensure({ bucket, 'lifecycle-rules': rules });

    expectExit(r, 0);
    expect(writeOperations(r).filter((o) => o.includes('Lifecycle'))).toEqual([
      'PutBucketLifecycleConfiguration',
    ]);
    const stored = (await snapshotBucket(usEast1, bucket)).lifecycle ?? [];
    expect(stored.map((x) => x.ID)).toEqual(['logs-retention', MANAGED_RULE_ID, 'previews', 'releases']);
    expect(stored.find((x) => x.ID === 'releases')?.NoncurrentVersionExpiration).toEqual({
      NoncurrentDays: 30,
    });

    const again = await ensure({ bucket, 'lifecycle-rules': rules });
    expectExit(again, 0);
    expect(again.requests.filter(isWriteRequest)).toEqual([]);
    expect(again.outputs.changed).toBe('false');
  });

  test('state=absent removes one owned rule and leaves the others', async () => {
    const r = await ensure({
      bucket,
      'lifecycle-rules':
        'id=previews prefix=previews/ expire-days=14 abort-incomplete-days=1\nid=releases state=absent',
    });

    expectExit(r, 0);
    expect(changesOf(r).map(short)).toEqual(['- lifecycle.releases']);
    const stored = (await snapshotBucket(usEast1, bucket)).lifecycle ?? [];
    expect(stored.map((x) => x.ID)).toEqual(['logs-retention', MANAGED_RULE_ID, 'previews']);
  });
});

describe('dry-run on a missing bucket', () => {
  test('creates nothing; the plan shows the creation and every setting; created/changed say what would happen', async () => {
    const bucket = uniqueBucket('dry');

    const r = await ensure({
      bucket,
      'aws-region': 'eu-west-1',
      versioning: 'enabled',
      tags: 'team=platform',
      'block-public-access': 'false',
      'dry-run': 'true',
    });

    expectExit(r, 0);
    expect(operations(r)).toEqual(['HeadBucket']);
    expect(r.outputs).toMatchObject({
      'dry-run': 'true',
      created: 'true',
      changed: 'true',
      region: 'eu-west-1',
      'bucket-arn': `arn:aws:s3:::${bucket}`,
    });
    expect(changesOf(r)).toEqual([
      { setting: 'bucket', op: '+', from: null, to: `${bucket} in eu-west-1` },
      { setting: 'versioning', op: '+', from: null, to: 'Enabled' },
      { setting: 'encryption', op: '+', from: null, to: 'AES256 (SSE-S3)' },
      { setting: 'block-public-access', op: '+', from: null, to: 'all off' },
      { setting: 'object-ownership', op: '+', from: null, to: 'BucketOwnerEnforced' },
      { setting: 'tags', key: 'team', op: '+', from: null, to: 'platform' },
      {
        setting: 'lifecycle',
        op: '+',
        from: null,
        to: 'abort incomplete uploads after 7 days under the whole bucket',
      },
    ]);
    expect(r.summary).toContain('(the bucket does not exist yet)');
    expect(summaryRows(r)).toHaveLength(7);
    expect(r.stdoutLines.some((l) => l.startsWith(`(dryrun) + bucket: ${bucket} in eu-west-1`))).toBe(true);

    await expect(usEast1.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    expect(await bucketNames(usEast1)).not.toContain(bucket);
  });
});

describe('an S3-compatible store without ownership controls (501 NotImplemented)', () => {
  const bucket = uniqueBucket('store');
  let store: Awaited<ReturnType<typeof startStoreProxy>>;

  beforeAll(async () => {
    store = await startStoreProxy(h.proxy.endpoint, ['ownershipControls']);
  });
  afterAll(async () => {
    await store?.close();
  });

  test('object-ownership left at its default: skipped with a warning, shown as such, the rest applied', async () => {
    const r = await ensure({ bucket }, store.endpoint);

    expectExit(r, 0);
    expect(store.refused.map((q) => q.method)).toEqual(['PUT']);
    expect(warnings(r)).toHaveLength(1);
    expect(warnings(r)[0]).toContain('does not implement the object-ownership API');
    expect(changesOf(r).find((c) => c.setting === 'object-ownership')).toEqual({
      setting: 'object-ownership',
      op: '+',
      from: null,
      to: 'BucketOwnerEnforced',
      skipped: 'not supported by this store',
    });
    expect(summaryRows(r)).toContain(
      '  object-ownership  BucketOwnerEnforced  (skipped: not supported by this store)',
    );
    const after = await snapshotBucket(usEast1, bucket);
    expect(after.ownership).toBeNull();
    expect(after.publicAccessBlock).toEqual(ALL_BLOCKED);
    expect(after.encryption).toEqual([expect.objectContaining(AES256_RULE)]);

    // Again: the unsupported read is noted in the plan, nothing is written.
    const again = await ensure({ bucket }, store.endpoint);
    expectExit(again, 0);
    expect(again.requests.filter(isWriteRequest)).toEqual([]);
    expect(warnings(again)).toHaveLength(1);
    expect(again.outputs.changed).toBe('false');
    expect(changesOf(again).map((c) => [short(c), c.skipped])).toEqual([
      ['+ object-ownership', 'not supported by this store'],
    ]);
  });

  test('object-ownership given explicitly: exit 5 naming the setting, nothing written', async () => {
    const r = await ensure({ bucket, 'object-ownership': 'BucketOwnerEnforced' }, store.endpoint);

    expectExit(r, 5);
    expect(r.requests.filter(isWriteRequest)).toEqual([]);
    expect(r.outputs['error-code']).toBe('NotImplemented');
    const errors = errorAnnotations(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('object-ownership');
    expect(errors[0]).toContain('explicitly');
  });
});
