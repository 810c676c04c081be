/**
 * `ensure-bucket` without a network: the pure diff per setting, and whole runs (`runTask`) against
 * an in-memory S3 behind `mockClient(S3Client)`. Errors the fake raises are built by the SDK's own S3
 * deserializer from the wire answers AWS gives, so they carry the same names, statuses and headers.
 */
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketTaggingCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
  type ServerSideEncryptionConfiguration,
  type Tag,
} from '@aws-sdk/client-s3';
import type { CommonSettings } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';
import {
  diffBucket,
  formatChange,
  MANAGED_RULE_ID,
  type Change,
} from '../../src/operations/ensure-bucket/diff.js';
import { parseEnsureBucket, type EnsureBucketSettings } from '../../src/operations/ensure-bucket/settings.js';
import type { BucketState } from '../../src/operations/ensure-bucket/state.js';
import { changedText } from '../../src/operations/ensure-bucket/index.js';
import { runTask } from '../../src/run-task.js';
import { changesOf, summaryRows } from '../support/ensure-bucket-outputs.js';
import { FakeHost, githubEnv } from './fake-host.js';
import { s3Error, useTaskSandbox } from './helpers.js';

const BUCKET = 'ci-artifacts-bucket';
const ARN = `arn:aws:s3:::${BUCKET}`;

// ---------------------------------------------------------------------------------------------------
// S3 errors as the SDK builds them from the wire

const E = {} as Record<
  | 'headNotFound'
  | 'headForbidden'
  | 'noSuchBucket'
  | 'noEncryption'
  | 'noPublicAccessBlock'
  | 'noOwnership'
  | 'noTagSet'
  | 'noLifecycle'
  | 'alreadyOwnedByYou'
  | 'alreadyExists'
  | 'accessDenied',
  Error
>;
const notImplemented = (command: object) => s3Error(command, 501, 'NotImplemented');
const methodNotAllowed = (command: object) => s3Error(command, 405, 'MethodNotAllowed');

beforeAll(async () => {
  const b = { Bucket: BUCKET };
  // HEAD answers have no body: the SDK can only go by the status.
  E.headNotFound = await s3Error(new HeadBucketCommand(b), 404);
  E.headForbidden = await s3Error(new HeadBucketCommand(b), 403);
  E.noSuchBucket = await s3Error(new GetBucketVersioningCommand(b), 404, 'NoSuchBucket');
  E.noEncryption = await s3Error(
    new GetBucketEncryptionCommand(b),
    404,
    'ServerSideEncryptionConfigurationNotFoundError',
  );
  E.noPublicAccessBlock = await s3Error(
    new GetPublicAccessBlockCommand(b),
    404,
    'NoSuchPublicAccessBlockConfiguration',
  );
  E.noOwnership = await s3Error(
    new GetBucketOwnershipControlsCommand(b),
    404,
    'OwnershipControlsNotFoundError',
  );
  E.noTagSet = await s3Error(new GetBucketTaggingCommand(b), 404, 'NoSuchTagSet');
  E.noLifecycle = await s3Error(
    new GetBucketLifecycleConfigurationCommand(b),
    404,
    'NoSuchLifecycleConfiguration',
  );
  E.alreadyOwnedByYou = await s3Error(new CreateBucketCommand(b), 409, 'BucketAlreadyOwnedByYou');
  E.alreadyExists = await s3Error(new CreateBucketCommand(b), 409, 'BucketAlreadyExists');
  E.accessDenied = await s3Error(
    new PutBucketTaggingCommand({ ...b, Tagging: { TagSet: [] } }),
    403,
    'AccessDenied',
  );
});

// ---------------------------------------------------------------------------------------------------
// An in-memory S3

interface FakeBucket {
  region: string;
  versioning?: 'Enabled' | 'Suspended';
  encryption?: ServerSideEncryptionConfiguration;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  ownership?: string;
  tags?: Tag[];
  rules?: LifecycleRule[];
}

const sandbox = useTaskSandbox('atp-eb-', { ambientKeys: true });
const { s3, sts } = sandbox;
const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** Buckets as S3 keeps them; every command reads or writes them the way S3 does. */
class FakeS3 {
  readonly buckets = new Map<string, FakeBucket>();

  add(name: string, bucket: FakeBucket): this {
    this.buckets.set(name, copy(bucket));
    return this;
  }

  get(name = BUCKET): FakeBucket {
    const b = this.buckets.get(name);
    if (!b) throw E.noSuchBucket;
    return b;
  }

  /** A copy of a bucket's setting, or the error S3 answers a Get with when the bucket has none. */
  private read<K extends keyof FakeBucket>(
    name: string | undefined,
    setting: K,
    missing: Error,
  ): NonNullable<FakeBucket[K]> {
    const value = this.get(name)[setting];
    if (!value || (Array.isArray(value) && value.length === 0)) throw missing;
    return copy(value);
  }

  /** Sets a bucket's setting to a copy of `value` (`undefined` removes it); S3's empty answer. */
  private write<K extends keyof FakeBucket>(name: string | undefined, setting: K, value: FakeBucket[K]) {
    this.get(name)[setting] = copy(value);
    return {};
  }

  install(): this {
    s3.on(HeadBucketCommand).callsFake(async ({ Bucket }) => {
      const b = this.buckets.get(Bucket!);
      if (!b) throw E.headNotFound;
      return { BucketRegion: b.region };
    });
    s3.on(CreateBucketCommand).callsFake(async ({ Bucket, CreateBucketConfiguration }) => {
      if (this.buckets.has(Bucket!)) throw E.alreadyOwnedByYou;
      this.buckets.set(Bucket!, { region: CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1' });
      return { Location: `/${Bucket}` };
    });
    s3.on(GetBucketVersioningCommand).callsFake(async ({ Bucket }) => ({
      Status: this.get(Bucket!).versioning,
    }));
    s3.on(PutBucketVersioningCommand).callsFake(async ({ Bucket, VersioningConfiguration }) =>
      this.write(Bucket, 'versioning', VersioningConfiguration?.Status as FakeBucket['versioning']),
    );
    s3.on(GetBucketEncryptionCommand).callsFake(async ({ Bucket }) => ({
      ServerSideEncryptionConfiguration: this.read(Bucket, 'encryption', E.noEncryption),
    }));
    s3.on(PutBucketEncryptionCommand).callsFake(async ({ Bucket, ServerSideEncryptionConfiguration }) =>
      this.write(Bucket, 'encryption', ServerSideEncryptionConfiguration),
    );
    s3.on(GetPublicAccessBlockCommand).callsFake(async ({ Bucket }) => ({
      PublicAccessBlockConfiguration: this.read(Bucket, 'publicAccessBlock', E.noPublicAccessBlock),
    }));
    s3.on(PutPublicAccessBlockCommand).callsFake(async ({ Bucket, PublicAccessBlockConfiguration }) =>
      this.write(Bucket, 'publicAccessBlock', PublicAccessBlockConfiguration),
    );
    s3.on(GetBucketOwnershipControlsCommand).callsFake(async ({ Bucket }) => ({
      OwnershipControls: { Rules: [{ ObjectOwnership: this.read(Bucket, 'ownership', E.noOwnership) }] },
    }));
    s3.on(PutBucketOwnershipControlsCommand).callsFake(async ({ Bucket, OwnershipControls }) =>
      this.write(Bucket, 'ownership', OwnershipControls?.Rules?.[0]?.ObjectOwnership),
    );
    s3.on(GetBucketTaggingCommand).callsFake(async ({ Bucket }) => ({
      TagSet: this.read(Bucket, 'tags', E.noTagSet),
    }));
    s3.on(PutBucketTaggingCommand).callsFake(async ({ Bucket, Tagging }) =>
      this.write(Bucket, 'tags', Tagging?.TagSet),
    );
    s3.on(DeleteBucketTaggingCommand).callsFake(async ({ Bucket }) => this.write(Bucket, 'tags', undefined));
    s3.on(GetBucketLifecycleConfigurationCommand).callsFake(async ({ Bucket }) => ({
      Rules: this.read(Bucket, 'rules', E.noLifecycle),
    }));
    s3.on(PutBucketLifecycleConfigurationCommand).callsFake(async ({ Bucket, LifecycleConfiguration }) =>
      this.write(Bucket, 'rules', LifecycleConfiguration?.Rules),
    );
    s3.on(DeleteBucketLifecycleCommand).callsFake(async ({ Bucket }) =>
      this.write(Bucket, 'rules', undefined),
    );
    return this;
  }
}

const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const ALL_OFF = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};
const AES256: ServerSideEncryptionConfiguration = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
};
const MANAGED_DEFAULT: LifecycleRule = {
  ID: MANAGED_RULE_ID,
  Status: 'Enabled',
  Filter: { Prefix: '' },
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
};
/** A bucket exactly as the default inputs declare it. */
const CONVERGED: FakeBucket = {
  region: 'us-east-1',
  encryption: AES256,
  publicAccessBlock: ALL_ON,
  ownership: 'BucketOwnerEnforced',
  rules: [MANAGED_DEFAULT],
};
/** Two rules that are not ours, of shapes the managed rule never has. */
const FOREIGN_RULES: LifecycleRule[] = [
  { ID: 'logs-retention', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
  {
    ID: 'archive-tagged',
    Status: 'Disabled',
    Filter: { And: { Prefix: 'archive/', Tags: [{ Key: 'tier', Value: 'cold' }] } },
    Transitions: [{ Days: 40, StorageClass: 'GLACIER' }],
    NoncurrentVersionExpiration: { NoncurrentDays: 90 },
  },
];

// ---------------------------------------------------------------------------------------------------
// Running the operation

let fake: FakeS3;

beforeEach(() => {
  fake = new FakeS3().install();
});

function makeHost(inputs: Record<string, string | undefined> = {}): FakeHost {
  return new FakeHost({
    inputs: { operation: 'ensure-bucket', 'aws-region': 'us-east-1', bucket: BUCKET, ...inputs },
    env: githubEnv(),
    tempDir: sandbox.tmp,
  });
}

async function run(
  inputs: Record<string, string | undefined> = {},
): Promise<{ host: FakeHost; code: number }> {
  const host = makeHost(inputs);
  const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });
  return { host, code };
}

const commandName = (c: { args: unknown[] }): string =>
  (c.args[0] as object).constructor.name.replace(/Command$/, '');
/** Every S3 call made since the last reset, by operation name. */
const calls = (): string[] => s3.calls().map(commandName);
const isWrite = (name: string): boolean => /^(Create|Put|Delete)/.test(name);
const writes = (): string[] => calls().filter(isWrite);
const reads = (): string[] => calls().filter((n) => !isWrite(n));

function resetCalls(): void {
  s3.resetHistory();
}

// ---------------------------------------------------------------------------------------------------
// Pure diff

const COMMON = {} as CommonSettings;

function settingsOf(inputs: Record<string, string> = {}): EnsureBucketSettings {
  const all: Record<string, string> = { bucket: BUCKET, ...inputs };
  return parseEnsureBucket(
    schemaReader((n) => all[n]),
    COMMON,
  );
}

function stateOf(partial: Partial<BucketState> = {}): BucketState {
  return {
    exists: true,
    region: 'us-east-1',
    tags: {},
    lifecycleRules: [],
    unsupported: new Set(),
    requestCount: 0,
    ...partial,
  };
}

/** The bucket as the default inputs want it: every default setting in place. */
function convergedState(partial: Partial<BucketState> = {}): BucketState {
  return stateOf({
    encryption: { algorithm: 'AES256', bucketKey: false },
    publicAccessBlock: { ...ALL_ON },
    objectOwnership: 'BucketOwnerEnforced',
    lifecycleRules: [MANAGED_DEFAULT],
    ...partial,
  });
}

const diffOf = (inputs: Record<string, string>, state: BucketState): Change[] =>
  diffBucket(settingsOf(inputs), state, 'us-east-1');
const only = (changes: Change[], setting: string): Change[] => changes.filter((c) => c.setting === setting);

describe('settings', () => {
  it('defaults: versioning unchanged, AES256, all four public-access blocks, owner enforced, abort after 7 days', () => {
    const s = settingsOf();
    expect(s).toEqual({
      bucket: BUCKET,
      versioning: undefined,
      encryption: { algorithm: 'AES256', kmsKeyId: undefined, bucketKey: false },
      blockPublicAccess: true,
      objectOwnership: 'BucketOwnerEnforced',
      tags: {},
      tagsExclusive: false,
      lifecycle: { expireAfterDays: undefined, prefix: '', abortIncompleteDays: 7 },
      lifecycleRules: [],
      explicit: new Set(),
    });
  });

  it('remembers which settings the workflow gave explicitly', () => {
    const s = settingsOf({ encryption: 'AES256', 'object-ownership': 'BucketOwnerEnforced', tags: 'a=b' });
    expect([...s.explicit].sort()).toEqual(['encryption', 'object-ownership', 'tags']);
  });

  it('`unchanged` manages nothing', () => {
    const s = settingsOf({
      versioning: 'unchanged',
      encryption: 'unchanged',
      'block-public-access': 'unchanged',
      'object-ownership': 'unchanged',
      'abort-incomplete-multipart-days': '0',
    });
    expect(s.versioning).toBeUndefined();
    expect(s.encryption).toBeUndefined();
    expect(s.blockPublicAccess).toBeUndefined();
    expect(s.objectOwnership).toBeUndefined();
    expect(s.lifecycle).toBeUndefined();
  });

  it('aws:kms keeps the key and the bucket-key flag', () => {
    expect(
      settingsOf({ encryption: 'aws:kms', 'kms-key-id': 'alias/ci', 'bucket-key': 'false' }).encryption,
    ).toEqual({ algorithm: 'aws:kms', kmsKeyId: 'alias/ci', bucketKey: false });
    expect(settingsOf({ encryption: 'aws:kms' }).encryption).toEqual({
      algorithm: 'aws:kms',
      kmsKeyId: undefined,
      bucketKey: true,
    });
  });

  it('lifecycle inputs', () => {
    expect(settingsOf({ 'expire-after-days': '30', 'expire-prefix': 'tmp/' }).lifecycle).toEqual({
      expireAfterDays: 30,
      prefix: 'tmp/',
      abortIncompleteDays: 7,
    });
    expect(
      settingsOf({ 'expire-after-days': '1', 'abort-incomplete-multipart-days': '0' }).lifecycle,
    ).toEqual({
      expireAfterDays: 1,
      prefix: '',
      abortIncompleteDays: 0,
    });
  });

  it('tags are key=value lines; comments and blank lines are skipped, `=` may appear in values', () => {
    expect(settingsOf({ tags: 'team=platform\n\n# a comment\ncost-center = 42\nquery=a=b' }).tags).toEqual({
      team: 'platform',
      'cost-center': '42',
      query: 'a=b',
    });
  });
});

describe('diff: versioning', () => {
  it.each<[string, BucketState['versioning'], Change['op'] | null]>([
    ['enabled', undefined, '+'],
    ['enabled', 'Enabled', null],
    ['enabled', 'Suspended', '~'],
    // A bucket that never had versioning behaves like a suspended one.
    ['suspended', undefined, null],
    ['suspended', 'Suspended', null],
    ['suspended', 'Enabled', '~'],
    ['unchanged', 'Enabled', null],
    ['unchanged', undefined, null],
  ])('versioning: %s on a bucket with %s', (input, current, op) => {
    const changes = only(
      diffOf({ versioning: input }, convergedState({ versioning: current })),
      'versioning',
    );
    if (op === null) expect(changes).toEqual([]);
    else
      expect(changes).toEqual([
        { setting: 'versioning', op, from: current, to: input === 'enabled' ? 'Enabled' : 'Suspended' },
      ]);
  });
});

describe('diff: encryption', () => {
  const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
  const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
  it.each<[string, Record<string, string>, BucketState['encryption'], Change['op'] | null]>([
    ['AES256 on a bucket without any', { encryption: 'AES256' }, undefined, '+'],
    ['AES256 on AES256', { encryption: 'AES256' }, { algorithm: 'AES256', bucketKey: false }, null],
    // AES256 ignores the bucket-key flag S3 may report.
    [
      'AES256 on AES256 with bucket key',
      { encryption: 'AES256' },
      { algorithm: 'AES256', bucketKey: true },
      null,
    ],
    ['AES256 on aws:kms', { encryption: 'AES256' }, { algorithm: 'aws:kms', bucketKey: true }, '~'],
    ['aws:kms on AES256', { encryption: 'aws:kms' }, { algorithm: 'AES256', bucketKey: false }, '~'],
    [
      'aws:kms (aws/s3) on aws:kms (aws/s3)',
      { encryption: 'aws:kms' },
      { algorithm: 'aws:kms', bucketKey: true },
      null,
    ],
    [
      'aws:kms key id on the same key as an ARN',
      { encryption: 'aws:kms', 'kms-key-id': KEY_ID },
      { algorithm: 'aws:kms', kmsKeyId: KEY_ARN, bucketKey: true },
      null,
    ],
    [
      'aws:kms alias on the same alias as an ARN',
      { encryption: 'aws:kms', 'kms-key-id': 'alias/ci' },
      { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:alias/ci', bucketKey: true },
      null,
    ],
    [
      'aws:kms key on another key',
      { encryption: 'aws:kms', 'kms-key-id': KEY_ID },
      { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/other', bucketKey: true },
      '~',
    ],
    [
      'aws:kms (aws/s3) on a customer key',
      { encryption: 'aws:kms' },
      { algorithm: 'aws:kms', kmsKeyId: KEY_ARN, bucketKey: true },
      '~',
    ],
    [
      'aws:kms with bucket key on one without',
      { encryption: 'aws:kms', 'bucket-key': 'true' },
      { algorithm: 'aws:kms', bucketKey: false },
      '~',
    ],
    ['unchanged on aws:kms', { encryption: 'unchanged' }, { algorithm: 'aws:kms', bucketKey: false }, null],
    ['unchanged on none', { encryption: 'unchanged' }, undefined, null],
  ])('%s', (_label, inputs, current, op) => {
    const changes = only(diffOf(inputs, convergedState({ encryption: current })), 'encryption');
    if (op === null) expect(changes).toEqual([]);
    else {
      expect(changes).toHaveLength(1);
      expect(changes[0]!.op).toBe(op);
      expect(changes[0]!.from === undefined).toBe(current === undefined);
    }
  });

  it('describes both sides', () => {
    const [c] = only(
      diffOf(
        { encryption: 'aws:kms', 'kms-key-id': 'alias/ci', 'bucket-key': 'true' },
        convergedState({ encryption: { algorithm: 'AES256', bucketKey: false } }),
      ),
      'encryption',
    );
    expect(c).toEqual({
      setting: 'encryption',
      op: '~',
      from: 'AES256 (SSE-S3)',
      to: 'aws:kms (key alias/ci, bucket key on)',
    });
  });
});

describe('diff: block-public-access', () => {
  const partial = { ...ALL_OFF, BlockPublicAcls: true, BlockPublicPolicy: true };
  it.each<[string, BucketState['publicAccessBlock'], Change | null]>([
    ['true', undefined, { setting: 'block-public-access', op: '+', from: undefined, to: 'all four on' }],
    ['true', { ...ALL_ON }, null],
    [
      'true',
      partial,
      {
        setting: 'block-public-access',
        op: '~',
        from: 'only BlockPublicAcls, BlockPublicPolicy',
        to: 'all four on',
      },
    ],
    ['true', { ...ALL_OFF }, { setting: 'block-public-access', op: '~', from: 'all off', to: 'all four on' }],
    // An existing bucket without a configuration blocks nothing: already what `false` asks for.
    ['false', undefined, null],
    ['false', { ...ALL_OFF }, null],
    ['false', { ...ALL_ON }, { setting: 'block-public-access', op: '~', from: 'all four on', to: 'all off' }],
    ['unchanged', partial, null],
  ])('block-public-access: %s on %j', (input, current, expected) => {
    const changes = only(
      diffOf({ 'block-public-access': input }, convergedState({ publicAccessBlock: current })),
      'block-public-access',
    );
    expect(changes).toEqual(expected ? [expected] : []);
  });
});

describe('diff: object-ownership', () => {
  it.each<[string, BucketState['objectOwnership'], Change['op'] | null]>([
    ['BucketOwnerEnforced', undefined, '+'],
    ['BucketOwnerEnforced', 'BucketOwnerEnforced', null],
    ['BucketOwnerEnforced', 'ObjectWriter', '~'],
    ['ObjectWriter', 'BucketOwnerEnforced', '~'],
    ['BucketOwnerPreferred', 'BucketOwnerPreferred', null],
    ['unchanged', 'ObjectWriter', null],
    ['unchanged', undefined, null],
  ])('%s on %s', (input, current, op) => {
    const changes = only(
      diffOf({ 'object-ownership': input }, convergedState({ objectOwnership: current })),
      'object-ownership',
    );
    expect(changes).toEqual(
      op === null ? [] : [{ setting: 'object-ownership', op, from: current, to: input }],
    );
  });
});

describe('diff: tags', () => {
  const current = { team: 'web', owner: 'alice', 'cost-center': '42' };
  it('sets the keys given and keeps the others', () => {
    expect(
      only(
        diffOf({ tags: 'team=platform\nenv=prod\nowner=alice' }, convergedState({ tags: current })),
        'tags',
      ),
    ).toEqual([
      { setting: 'tags', op: '~', key: 'team', from: 'web', to: 'platform' },
      { setting: 'tags', op: '+', key: 'env', to: 'prod' },
    ]);
  });

  it('tags-exclusive removes the keys not given', () => {
    expect(
      only(diffOf({ tags: 'team=web', 'tags-exclusive': 'true' }, convergedState({ tags: current })), 'tags'),
    ).toEqual([
      { setting: 'tags', op: '-', key: 'owner', from: 'alice' },
      { setting: 'tags', op: '-', key: 'cost-center', from: '42' },
    ]);
  });

  it('tags-exclusive without tags removes every tag', () => {
    expect(
      only(diffOf({ 'tags-exclusive': 'true' }, convergedState({ tags: current })), 'tags'),
    ).toHaveLength(3);
  });

  it('no tags input leaves tags alone', () => {
    expect(only(diffOf({}, convergedState({ tags: current })), 'tags')).toEqual([]);
  });

  it('an empty value differs from a missing key', () => {
    expect(only(diffOf({ tags: 'flag=' }, convergedState({ tags: { other: 'x' } })), 'tags')).toEqual([
      { setting: 'tags', op: '+', key: 'flag', to: '' },
    ]);
    expect(only(diffOf({ tags: 'flag=' }, convergedState({ tags: { flag: '' } })), 'tags')).toEqual([]);
  });
});

describe('diff: lifecycle (the managed rule only)', () => {
  it('adds the managed rule with the default abort of 7 days', () => {
    expect(only(diffOf({}, convergedState({ lifecycleRules: [] })), 'lifecycle')).toEqual([
      {
        setting: 'lifecycle',
        op: '+',
        from: undefined,
        to: 'abort incomplete uploads after 7 days under the whole bucket',
      },
    ]);
  });

  it('an identical managed rule is no change, whatever the foreign rules', () => {
    expect(
      only(diffOf({}, convergedState({ lifecycleRules: [...FOREIGN_RULES, MANAGED_DEFAULT] })), 'lifecycle'),
    ).toEqual([]);
  });

  it('foreign rules alone do not count as the managed rule', () => {
    const changes = only(diffOf({}, convergedState({ lifecycleRules: FOREIGN_RULES })), 'lifecycle');
    expect(changes.map((c) => c.op)).toEqual(['+']);
  });

  it('a different managed rule is changed', () => {
    const changes = only(
      diffOf({ 'expire-after-days': '30', 'expire-prefix': 'tmp/' }, convergedState()),
      'lifecycle',
    );
    expect(changes).toEqual([
      {
        setting: 'lifecycle',
        op: '~',
        from: 'abort incomplete uploads after 7 days under the whole bucket',
        to: 'expire after 30 days; abort incomplete uploads after 7 days under `tmp/`',
      },
    ]);
  });

  it('a disabled managed rule is re-enabled', () => {
    const changes = only(
      diffOf({}, convergedState({ lifecycleRules: [{ ...MANAGED_DEFAULT, Status: 'Disabled' }] })),
      'lifecycle',
    );
    expect(changes.map((c) => [c.op, c.from])).toEqual([
      ['~', 'abort incomplete uploads after 7 days under the whole bucket (Disabled)'],
    ]);
  });

  it('abort 0 leaves the clause out', () => {
    const changes = only(
      diffOf(
        { 'expire-after-days': '5', 'abort-incomplete-multipart-days': '0' },
        convergedState({ lifecycleRules: [] }),
      ),
      'lifecycle',
    );
    expect(changes.map((c) => c.to)).toEqual(['expire after 5 days under the whole bucket']);
  });

  it('nothing to manage removes an existing managed rule, and ignores foreign rules', () => {
    const inputs = { 'abort-incomplete-multipart-days': '0' };
    expect(only(diffOf(inputs, convergedState()), 'lifecycle')).toEqual([
      { setting: 'lifecycle', op: '-', from: 'abort incomplete uploads after 7 days under the whole bucket' },
    ]);
    expect(only(diffOf(inputs, convergedState({ lifecycleRules: FOREIGN_RULES })), 'lifecycle')).toEqual([]);
  });

  it('a managed rule read back with the legacy top-level Prefix is the same rule', () => {
    const wanted = { 'expire-after-days': '9', 'expire-prefix': 'a/' };
    const legacy: LifecycleRule = {
      ID: MANAGED_RULE_ID,
      Status: 'Enabled',
      Prefix: 'a/',
      Expiration: { Days: 9 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    };
    expect(only(diffOf(wanted, convergedState({ lifecycleRules: [legacy] })), 'lifecycle')).toEqual([]);
  });
});

describe('diff: a missing bucket', () => {
  const missing = (): BucketState => stateOf({ exists: false, region: undefined });

  it('the plan creates the bucket first, then gives it every declared setting', () => {
    const changes = diffOf(
      { versioning: 'enabled', tags: 'team=platform', 'expire-after-days': '30' },
      missing(),
    );
    expect(changes.map((c) => `${c.op} ${c.setting}${c.key ? `.${c.key}` : ''}`)).toEqual([
      '+ bucket',
      '+ versioning',
      '+ encryption',
      '+ block-public-access',
      '+ object-ownership',
      '+ tags.team',
      '+ lifecycle',
    ]);
    expect(changes[0]).toEqual({ setting: 'bucket', op: '+', to: `${BUCKET} in us-east-1` });
    expect(changes.every((c) => c.op === '+' && c.from === undefined)).toBe(true);
  });

  it('block-public-access: false is planned too, because S3 blocks public access on every new bucket', () => {
    // AWS documents that since April 2023 a new bucket starts with all four public-access blocks on
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html),
    // so `false` needs a PutPublicAccessBlock on creation, and the plan must show it.
    const changes = only(diffOf({ 'block-public-access': 'false' }, missing()), 'block-public-access');
    expect(changes).toEqual([{ setting: 'block-public-access', op: '+', from: undefined, to: 'all off' }]);
  });

  it('nothing but the bucket when every setting is unchanged', () => {
    const changes = diffOf(
      {
        encryption: 'unchanged',
        'block-public-access': 'unchanged',
        'object-ownership': 'unchanged',
        'abort-incomplete-multipart-days': '0',
      },
      missing(),
    );
    expect(changes.map((c) => c.setting)).toEqual(['bucket']);
  });
});

describe('formatChange', () => {
  it.each<[Change, string]>([
    [
      { setting: 'versioning', op: '~', from: 'Suspended', to: 'Enabled' },
      '~ versioning: Suspended → Enabled',
    ],
    [{ setting: 'tags', op: '+', key: 'team', to: 'platform' }, '+ tags.team: platform'],
    [{ setting: 'tags', op: '-', key: 'old', from: 'x' }, '- tags.old: x'],
    [
      { setting: 'object-ownership', op: '~', to: 'BucketOwnerEnforced' },
      '~ object-ownership: none → BucketOwnerEnforced',
    ],
    [
      { setting: 'encryption', op: '+', to: 'AES256 (SSE-S3)', skipped: 'not supported by this store' },
      '+ encryption: AES256 (SSE-S3) (skipped: not supported by this store)',
    ],
  ])('%j', (change, text) => {
    expect(formatChange(change)).toBe(text);
  });
});

// ---------------------------------------------------------------------------------------------------
// Whole runs

describe('creating a bucket', () => {
  it('us-east-1: CreateBucket without a LocationConstraint, then every default setting', async () => {
    const { host, code } = await run();

    expect(code).toBe(0);
    expect(host.errors).toEqual([]);
    // A missing bucket has nothing to read beyond HeadBucket.
    expect(reads()).toEqual(['HeadBucket']);
    expect(writes()).toEqual([
      'CreateBucket',
      'PutBucketOwnershipControls',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketLifecycleConfiguration',
    ]);
    const [create] = s3.commandCalls(CreateBucketCommand);
    expect(create!.args[0].input).toEqual({ Bucket: BUCKET });
    expect(create!.args[0].input.CreateBucketConfiguration).toBeUndefined();

    expect(fake.get()).toEqual({
      region: 'us-east-1',
      ownership: 'BucketOwnerEnforced',
      publicAccessBlock: ALL_ON,
      encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      rules: [MANAGED_DEFAULT],
    });
    expect(host.outputs).toMatchObject({
      'bucket-arn': ARN,
      region: 'us-east-1',
      created: 'true',
      changed: 'true',
      'dry-run': 'false',
      'exit-code': '0',
      'error-code': '',
    });
    expect(changesOf(host)).toEqual([
      { setting: 'bucket', op: '+', from: null, to: `${BUCKET} in us-east-1` },
      { setting: 'encryption', op: '+', from: null, to: 'AES256 (SSE-S3)' },
      { setting: 'block-public-access', op: '+', from: null, to: 'all four on' },
      { setting: 'object-ownership', op: '+', from: null, to: 'BucketOwnerEnforced' },
      {
        setting: 'lifecycle',
        op: '+',
        from: null,
        to: 'abort incomplete uploads after 7 days under the whole bucket',
      },
    ]);
  });

  it.each([
    ['eu-west-1', 'aws'],
    ['us-west-2', 'aws'],
    ['ap-southeast-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
  ])('%s: CreateBucket names the region as its LocationConstraint', async (region, partition) => {
    const { host, code } = await run({ 'aws-region': region });

    expect(code).toBe(0);
    const creates = s3.commandCalls(CreateBucketCommand);
    expect(creates).toHaveLength(1);
    expect(creates[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: region },
    });
    expect(fake.get().region).toBe(region);
    expect(host.outputs.region).toBe(region);
    expect(host.outputs['bucket-arn']).toBe(`arn:${partition}:s3:::${BUCKET}`);
  });

  it('every setting declared: each is written once, with exactly the declared values', async () => {
    const { code } = await run({
      versioning: 'enabled',
      encryption: 'aws:kms',
      'kms-key-id': 'alias/ci-artifacts',
      'bucket-key': 'false',
      'block-public-access': 'false',
      'object-ownership': 'BucketOwnerPreferred',
      tags: 'team=platform\nenv=prod',
      'expire-after-days': '30',
      'expire-prefix': 'tmp/',
      'abort-incomplete-multipart-days': '3',
    });

    expect(code).toBe(0);
    expect(writes()).toEqual([
      'CreateBucket',
      'PutBucketOwnershipControls',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketVersioning',
      'PutBucketTagging',
      'PutBucketLifecycleConfiguration',
    ]);
    expect(s3.commandCalls(PutBucketOwnershipControlsCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
    });
    expect(s3.commandCalls(PutPublicAccessBlockCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      PublicAccessBlockConfiguration: ALL_OFF,
    });
    expect(s3.commandCalls(PutBucketEncryptionCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: 'alias/ci-artifacts',
            },
            BucketKeyEnabled: false,
          },
        ],
      },
    });
    expect(s3.commandCalls(PutBucketVersioningCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(s3.commandCalls(PutBucketTaggingCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      Tagging: {
        TagSet: [
          { Key: 'team', Value: 'platform' },
          { Key: 'env', Value: 'prod' },
        ],
      },
    });
    expect(s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: MANAGED_RULE_ID,
            Status: 'Enabled',
            Filter: { Prefix: 'tmp/' },
            Expiration: { Days: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
          },
        ],
      },
    });
  });

  it('a second run with the same inputs reads only and makes zero write calls', async () => {
    const inputs = {
      'aws-region': 'eu-west-1',
      versioning: 'enabled',
      encryption: 'aws:kms',
      'kms-key-id': 'alias/ci-artifacts',
      'block-public-access': 'false',
      'object-ownership': 'ObjectWriter',
      tags: 'team=platform',
      'expire-after-days': '30',
      'expire-prefix': 'tmp/',
    };
    expect((await run(inputs)).code).toBe(0);
    resetCalls();

    const { host, code } = await run(inputs);

    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    expect(reads().sort()).toEqual([
      'GetBucketEncryption',
      'GetBucketLifecycleConfiguration',
      'GetBucketOwnershipControls',
      'GetBucketTagging',
      'GetBucketVersioning',
      'GetPublicAccessBlock',
      'HeadBucket',
    ]);
    expect(host.outputs).toMatchObject({ created: 'false', changed: 'false', changes: '[]' });
    expect(host.lines.some((l) => l.includes('already matches the declared settings'))).toBe(true);
    expect(host.summary).toMatch(/^### ✅ ensure-bucket: No changes: /);
    expect(summaryRows(host)).toEqual([]);
  });

  it('a second run converges when the bucket was created with block-public-access: false', async () => {
    // S3 turns all four blocks on for a new bucket; our fake does the same here.
    s3.on(CreateBucketCommand).callsFake(async ({ Bucket, CreateBucketConfiguration }) => {
      fake.add(Bucket!, {
        region: CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1',
        publicAccessBlock: ALL_ON,
        ownership: 'BucketOwnerEnforced',
        encryption: AES256,
      });
      return {};
    });
    expect((await run({ 'block-public-access': 'false' })).code).toBe(0);
    expect(fake.get().publicAccessBlock).toEqual(ALL_OFF);
    resetCalls();

    expect((await run({ 'block-public-access': 'false' })).code).toBe(0);
    expect(writes()).toEqual([]);
  });
});

describe('an existing bucket: only what differs is written', () => {
  it('versioning and one tag change: exactly those two writes, shown as ~ and +', async () => {
    fake.add(BUCKET, {
      ...CONVERGED,
      versioning: 'Suspended',
      tags: [
        { Key: 'team', Value: 'web' },
        { Key: 'owner', Value: 'alice' },
      ],
    });

    const { host, code } = await run({ versioning: 'enabled', tags: 'team=platform\nenv=prod' });

    expect(code).toBe(0);
    expect(writes()).toEqual(['PutBucketVersioning', 'PutBucketTagging']);
    // Tags not listed are kept.
    expect(s3.commandCalls(PutBucketTaggingCommand)[0]!.args[0].input.Tagging!.TagSet).toEqual([
      { Key: 'team', Value: 'platform' },
      { Key: 'owner', Value: 'alice' },
      { Key: 'env', Value: 'prod' },
    ]);
    expect(changesOf(host)).toEqual([
      { setting: 'versioning', op: '~', from: 'Suspended', to: 'Enabled' },
      { setting: 'tags', key: 'team', op: '~', from: 'web', to: 'platform' },
      { setting: 'tags', key: 'env', op: '+', from: null, to: 'prod' },
    ]);
    expect(host.outputs).toMatchObject({ created: 'false', changed: 'true' });
    expect(summaryRows(host)).toEqual([
      '~ versioning  Suspended → Enabled',
      '~ tags.team  web → platform',
      '+ tags.env  prod',
    ]);
    expect(host.summary).toContain('3 changes applied');
    const plan = host.lines.filter((l) => l.includes('event=bucket.plan '));
    expect(plan.map((l) => l.slice(0, l.indexOf('  ['))).sort()).toEqual([
      '+ tags.env: prod',
      '~ tags.team: web → platform',
      '~ versioning: Suspended → Enabled',
    ]);
  });

  it('tags-exclusive removes the others with -, and DeleteBucketTagging when none are left', async () => {
    fake.add(BUCKET, {
      ...CONVERGED,
      tags: [
        { Key: 'team', Value: 'web' },
        { Key: 'owner', Value: 'alice' },
      ],
    });

    const first = await run({ tags: 'team=web', 'tags-exclusive': 'true' });
    expect(first.code).toBe(0);
    expect(writes()).toEqual(['PutBucketTagging']);
    expect(fake.get().tags).toEqual([{ Key: 'team', Value: 'web' }]);
    expect(changesOf(first.host)).toEqual([
      { setting: 'tags', key: 'owner', op: '-', from: 'alice', to: null },
    ]);
    expect(summaryRows(first.host)).toEqual(['- tags.owner  alice']);
    resetCalls();

    const second = await run({ 'tags-exclusive': 'true' });
    expect(second.code).toBe(0);
    expect(writes()).toEqual(['DeleteBucketTagging']);
    expect(fake.get().tags).toBeUndefined();
  });

  it('`unchanged` settings are neither read nor written', async () => {
    fake.add(BUCKET, { region: 'us-east-1', versioning: 'Enabled', ownership: 'ObjectWriter' });

    const { code, host } = await run({
      versioning: 'unchanged',
      encryption: 'unchanged',
      'block-public-access': 'unchanged',
      'object-ownership': 'unchanged',
      'abort-incomplete-multipart-days': '0',
    });

    expect(code).toBe(0);
    expect(calls().sort()).toEqual(['GetBucketLifecycleConfiguration', 'HeadBucket']);
    expect(host.outputs.changed).toBe('false');
  });

  it('a failure part-way says what was applied before it', async () => {
    fake.add(BUCKET, { region: 'us-east-1' });
    s3.on(PutBucketTaggingCommand).rejects(E.accessDenied);

    const { host, code } = await run({ versioning: 'enabled', tags: 'team=platform' });

    expect(code).toBe(4);
    expect(host.outputs['error-code']).toBe('AccessDenied');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('Changing the tags of');
    expect(host.errors[0]).toContain(
      'Applied before the failure: object-ownership, block-public-access, encryption, versioning.',
    );
    // Nothing after the failed write.
    expect(writes().at(-1)).toBe('PutBucketTagging');
  });
});

describe('lifecycle: foreign rules are kept', () => {
  it('replacing the managed rule puts back every foreign rule unchanged, once', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: [FOREIGN_RULES[0]!, MANAGED_DEFAULT, FOREIGN_RULES[1]!] });

    const { code, host } = await run({ 'expire-after-days': '14', 'expire-prefix': 'tmp/' });

    expect(code).toBe(0);
    expect(writes()).toEqual(['PutBucketLifecycleConfiguration']);
    expect(s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      LifecycleConfiguration: {
        Rules: [
          FOREIGN_RULES[0],
          FOREIGN_RULES[1],
          {
            ID: MANAGED_RULE_ID,
            Status: 'Enabled',
            Filter: { Prefix: 'tmp/' },
            Expiration: { Days: 14 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    });
    expect(changesOf(host)).toEqual([
      {
        setting: 'lifecycle',
        op: '~',
        from: 'abort incomplete uploads after 7 days under the whole bucket',
        to: 'expire after 14 days; abort incomplete uploads after 7 days under `tmp/`',
      },
    ]);
  });

  it('adding the managed rule next to foreign rules keeps them', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: FOREIGN_RULES });

    expect((await run()).code).toBe(0);

    expect(fake.get().rules).toEqual([...FOREIGN_RULES, MANAGED_DEFAULT]);
  });

  it('removing the managed rule keeps the foreign ones', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: [MANAGED_DEFAULT, ...FOREIGN_RULES] });

    const { code, host } = await run({ 'abort-incomplete-multipart-days': '0' });

    expect(code).toBe(0);
    expect(writes()).toEqual(['PutBucketLifecycleConfiguration']);
    expect(fake.get().rules).toEqual(FOREIGN_RULES);
    expect(summaryRows(host)).toEqual([
      '- lifecycle  abort incomplete uploads after 7 days under the whole bucket',
    ]);
  });

  it('removing the only rule deletes the configuration', async () => {
    fake.add(BUCKET, { ...CONVERGED });

    expect((await run({ 'abort-incomplete-multipart-days': '0' })).code).toBe(0);

    expect(writes()).toEqual(['DeleteBucketLifecycle']);
    expect(fake.get().rules).toBeUndefined();
  });

  it('only foreign rules and nothing to manage: lifecycle is not written', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: FOREIGN_RULES });

    expect((await run({ 'abort-incomplete-multipart-days': '0' })).code).toBe(0);

    expect(writes()).toEqual([]);
  });
});

describe('names that are not ours, and buckets in another region', () => {
  it('HeadBucket 403: exit 4, the name belongs to someone else, nothing created', async () => {
    s3.on(HeadBucketCommand).rejects(E.headForbidden);

    const { host, code } = await run();

    expect(code).toBe(4);
    expect(calls()).toEqual(['HeadBucket']);
    expect(host.outputs['exit-code']).toBe('4');
    expect(host.outputs['error-code']).toBe('AccessDenied');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('belongs to another account');
    expect(host.errors[0]).toContain(BUCKET);
  });

  it('CreateBucket BucketAlreadyExists: exit 5, the name belongs to someone else, nothing else written', async () => {
    s3.on(CreateBucketCommand).rejects(E.alreadyExists);

    const { host, code } = await run();

    expect(code).toBe(5);
    expect(writes()).toEqual(['CreateBucket']);
    expect(host.outputs['error-code']).toBe('BucketAlreadyExists');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain(`${BUCKET} belongs to another account`);
  });

  it('CreateBucket BucketAlreadyOwnedByYou (created in between by another job) is success', async () => {
    s3.on(CreateBucketCommand).callsFake(async ({ Bucket }) => {
      fake.add(Bucket!, { region: 'us-east-1' });
      throw E.alreadyOwnedByYou;
    });

    const { host, code } = await run({ versioning: 'enabled' });

    expect(code).toBe(0);
    expect(host.errors).toEqual([]);
    // The declared settings are still applied to it.
    expect(writes()).toEqual([
      'CreateBucket',
      'PutBucketOwnershipControls',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketVersioning',
      'PutBucketLifecycleConfiguration',
    ]);
    expect(fake.get().versioning).toBe('Enabled');
    // We did not create it.
    expect(host.outputs.created).toBe('false');
    expect(host.outputs.changed).toBe('true');
  });

  it('another CreateBucket failure is reported as such', async () => {
    s3.on(CreateBucketCommand).rejects(E.accessDenied);

    const { host, code } = await run();

    expect(code).toBe(4);
    expect(host.errors[0]).toContain(`CreateBucket ${BUCKET} failed: AccessDenied`);
    expect(writes()).toEqual(['CreateBucket']);
  });

  it('HeadBucket says the bucket is in another region: exit 1 naming both, nothing else called', async () => {
    fake.add(BUCKET, { ...CONVERGED, region: 'eu-central-1' });

    const { host, code } = await run({ 'aws-region': 'us-east-1' });

    expect(code).toBe(1);
    expect(calls()).toEqual(['HeadBucket']);
    expect(host.outputs['error-code']).toBe('BucketInAnotherRegion');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('eu-central-1');
    expect(host.errors[0]).toContain('us-east-1');
  });

  it('HeadBucket 301 with x-amz-bucket-region (what S3 answers at the wrong regional endpoint): exit 1', async () => {
    const moved = await s3Error(new HeadBucketCommand({ Bucket: BUCKET }), 301, undefined, {
      'x-amz-bucket-region': 'ap-northeast-1',
    });
    s3.on(HeadBucketCommand).rejects(moved);

    const { host, code } = await run({ 'aws-region': 'eu-west-1' });

    expect(code).toBe(1);
    expect(calls()).toEqual(['HeadBucket']);
    expect(host.errors[0]).toMatch(/ap-northeast-1.*eu-west-1|eu-west-1.*ap-northeast-1/);
    expect(host.errors[0]).toContain('aws-region: ap-northeast-1');
  });

  it('a bucket in the same region is fine', async () => {
    fake.add(BUCKET, { ...CONVERGED, region: 'eu-west-1' });
    expect((await run({ 'aws-region': 'eu-west-1' })).code).toBe(0);
    expect(writes()).toEqual([]);
  });
});

describe('S3-compatible stores: settings they do not implement', () => {
  const STORE = { 'endpoint-url': 'http://127.0.0.1:9', 'force-path-style': 'true' };

  /** A bucket with no settings yet, on a store whose GetBucketEncryption answers 501. */
  async function newBucketWithoutEncryptionApi(): Promise<void> {
    fake.add(BUCKET, { region: 'us-east-1' });
    s3.on(GetBucketEncryptionCommand).rejects(
      await notImplemented(new GetBucketEncryptionCommand({ Bucket: BUCKET })),
    );
  }

  /** A bucket with no settings yet, on a store whose PutBucketOwnershipControls answers 501. */
  async function newBucketWithoutOwnershipPut(): Promise<void> {
    fake.add(BUCKET, { region: 'us-east-1' });
    s3.on(PutBucketOwnershipControlsCommand).rejects(
      await notImplemented(
        new PutBucketOwnershipControlsCommand({ Bucket: BUCKET, OwnershipControls: { Rules: [] } }),
      ),
    );
  }

  it('GetBucketEncryption 501 with encryption left at its default: skipped with a warning, the rest applied', async () => {
    await newBucketWithoutEncryptionApi();

    const { host, code } = await run(STORE);

    expect(code).toBe(0);
    expect(s3.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
    expect(writes()).toEqual([
      'PutBucketOwnershipControls',
      'PutPublicAccessBlock',
      'PutBucketLifecycleConfiguration',
    ]);
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toContain('does not implement the encryption API');
    expect(changesOf(host).find((c) => c.setting === 'encryption')).toEqual({
      setting: 'encryption',
      op: '+',
      from: null,
      to: 'AES256 (SSE-S3)',
      skipped: 'not supported by this store',
    });
    expect(summaryRows(host)).toContain(
      '  encryption  AES256 (SSE-S3)  (skipped: not supported by this store)',
    );
    expect(
      host.lines.some((l) =>
        l.startsWith('+ encryption: AES256 (SSE-S3) (skipped: not supported by this store)'),
      ),
    ).toBe(true);
    expect(host.outputs.changed).toBe('true');
  });

  it('GetBucketEncryption 501 with `encryption` given explicitly: exit 5 naming the setting, nothing written', async () => {
    await newBucketWithoutEncryptionApi();

    const { host, code } = await run({ ...STORE, encryption: 'AES256' });

    expect(code).toBe(5);
    expect(writes()).toEqual([]);
    expect(host.outputs['error-code']).toBe('NotImplemented');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('encryption');
    expect(host.errors[0]).toContain('asks for explicitly');
  });

  it('PutBucketOwnershipControls 501 with the default: skipped with a warning, the later settings still applied', async () => {
    await newBucketWithoutOwnershipPut();

    const { host, code } = await run(STORE);

    expect(code).toBe(0);
    expect(writes()).toEqual([
      'PutBucketOwnershipControls',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketLifecycleConfiguration',
    ]);
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toContain('object-ownership');
    expect(changesOf(host).find((c) => c.setting === 'object-ownership')?.skipped).toBe(
      'not supported by this store',
    );
    expect(summaryRows(host)).toContain(
      '  object-ownership  BucketOwnerEnforced  (skipped: not supported by this store)',
    );
    expect(fake.get()).toMatchObject({
      publicAccessBlock: ALL_ON,
      encryption: AES256,
      rules: [MANAGED_DEFAULT],
    });
  });

  it('PutBucketOwnershipControls 501 with `object-ownership` given explicitly: exit 5 naming the setting', async () => {
    await newBucketWithoutOwnershipPut();

    const { host, code } = await run({ ...STORE, 'object-ownership': 'BucketOwnerEnforced' });

    expect(code).toBe(5);
    expect(host.outputs['error-code']).toBe('NotImplemented');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('object-ownership');
    expect(host.errors[0]).toContain('`object-ownership: unchanged`');
    // Ownership is applied first: nothing after it was attempted.
    expect(writes()).toEqual(['PutBucketOwnershipControls']);
  });

  it('GetBucketOwnershipControls 405 MethodNotAllowed with the default: skipped in the plan, never put', async () => {
    fake.add(BUCKET, { ...CONVERGED, ownership: undefined });
    s3.on(GetBucketOwnershipControlsCommand).rejects(
      await methodNotAllowed(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET })),
    );

    const { host, code } = await run(STORE);

    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    expect(host.warnings).toHaveLength(1);
    // The only difference could not be applied: nothing changed.
    expect(host.outputs.changed).toBe('false');
    expect(changesOf(host)).toEqual([
      {
        setting: 'object-ownership',
        op: '+',
        from: null,
        to: 'BucketOwnerEnforced',
        skipped: 'not supported by this store',
      },
    ]);
  });

  it('lifecycle unsupported: the default abort rule is skipped, an explicit expire-after-days fails', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: undefined });
    const err = await notImplemented(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(err);

    const byDefault = await run(STORE);
    expect(byDefault.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(byDefault.host.warnings).toHaveLength(1);
    expect(byDefault.host.warnings[0]).toContain('lifecycle');
    resetCalls();

    const explicit = await run({ ...STORE, 'expire-after-days': '30' });
    expect(explicit.code).toBe(5);
    expect(explicit.host.errors[0]).toContain('lifecycle');
    // The fix it names must be a valid input: `expire-after-days` takes no `unchanged`.
    expect(explicit.host.errors[0]).not.toContain('`expire-after-days: unchanged`');
    expect(explicit.host.errors[0]).toContain('`abort-incomplete-multipart-days: 0`');
    expect(writes()).toEqual([]);
  });

  it('tagging unsupported with `tags` given: exit 5 naming tags, with a fix that is a valid input', async () => {
    fake.add(BUCKET, CONVERGED);
    s3.on(GetBucketTaggingCommand).rejects(
      await notImplemented(new GetBucketTaggingCommand({ Bucket: BUCKET })),
    );

    const { host, code } = await run({ ...STORE, tags: 'team=platform' });

    expect(code).toBe(5);
    expect(writes()).toEqual([]);
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain('does not implement the tags API');
    expect(host.errors[0]).not.toContain('`tags: unchanged`');
    expect(host.errors[0]).toContain('Leave out `tags`');
  });

  it('dry-run shows a skipped default as such', async () => {
    await newBucketWithoutEncryptionApi();

    const { host, code } = await run({ ...STORE, 'dry-run': 'true' });

    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    expect(summaryRows(host)).toContain(
      '  encryption  AES256 (SSE-S3)  (skipped: not supported by this store)',
    );
    expect(host.lines.some((l) => l.startsWith('(dryrun) + encryption: AES256 (SSE-S3) (skipped'))).toBe(
      true,
    );
  });
});

describe('dry-run', () => {
  it('a missing bucket: nothing created; the plan shows the creation and every setting it would get', async () => {
    const { host, code } = await run({
      'dry-run': 'true',
      'aws-region': 'eu-west-1',
      versioning: 'enabled',
      tags: 'team=platform',
      'expire-after-days': '30',
    });

    expect(code).toBe(0);
    expect(calls()).toEqual(['HeadBucket']);
    expect(fake.buckets.size).toBe(0);
    expect(host.outputs).toMatchObject({
      'dry-run': 'true',
      created: 'true',
      changed: 'true',
      region: 'eu-west-1',
      'bucket-arn': ARN,
    });
    expect(changesOf(host).map((c) => `${c.op} ${c.setting}${c.key ? `.${c.key}` : ''}`)).toEqual([
      '+ bucket',
      '+ versioning',
      '+ encryption',
      '+ block-public-access',
      '+ object-ownership',
      '+ tags.team',
      '+ lifecycle',
    ]);
    expect(host.summary).toContain('Dry run: nothing was changed');
    expect(host.summary).toContain('7 changes planned');
    expect(host.summary).toContain('(the bucket does not exist yet)');
    expect(summaryRows(host)[0]).toBe(`+ bucket  ${BUCKET} in eu-west-1`);
    expect(host.lines.some((l) => l.startsWith(`(dryrun) + bucket: ${BUCKET} in eu-west-1`))).toBe(true);
  });

  it('an existing bucket that differs: read only, `changed` says what a real run would do', async () => {
    fake.add(BUCKET, { ...CONVERGED, versioning: 'Suspended' });
    const before = structuredClone(fake.get());

    const { host, code } = await run({ 'dry-run': 'true', versioning: 'enabled' });

    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    expect(fake.get()).toEqual(before);
    expect(host.outputs).toMatchObject({ created: 'false', changed: 'true' });
    expect(changesOf(host)).toEqual([{ setting: 'versioning', op: '~', from: 'Suspended', to: 'Enabled' }]);
  });

  it('an existing bucket in sync: changed is false', async () => {
    fake.add(BUCKET, CONVERGED);

    const { host, code } = await run({ 'dry-run': 'true' });

    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    expect(host.outputs).toMatchObject({ created: 'false', changed: 'false', changes: '[]' });
    expect(host.summary).toMatch(/^### 📋 ensure-bucket: No changes: /);
  });
});

describe('bad inputs cost zero requests', () => {
  it.each<[string, Record<string, string | undefined>]>([
    ['bucket', { bucket: 'My_Bucket' }],
    ['bucket', { bucket: 'ab' }],
    ['bucket', { bucket: '192.168.1.1' }],
    ['bucket', { bucket: 'xn--bucket' }],
    ['bucket', { bucket: 'bucket--x-s3' }],
    ['bucket', { bucket: undefined }],
    ['versioning', { versioning: 'on' }],
    ['encryption', { encryption: 'aes256' }],
    ['kms-key-id', { 'kms-key-id': 'alias/ci' }],
    ['kms-key-id', { encryption: 'aws:kms', 'kms-key-id': 'my key' }],
    ['bucket-key', { encryption: 'aws:kms', 'bucket-key': 'yes' }],
    ['block-public-access', { 'block-public-access': 'all' }],
    ['object-ownership', { 'object-ownership': 'BucketOwner' }],
    ['tags', { tags: 'no-equals-sign' }],
    ['tags', { tags: 'a=1\na=2' }],
    ['tags', { tags: 'aws:reserved=1' }],
    ['tags-exclusive', { 'tags-exclusive': 'yes' }],
    ['expire-after-days', { 'expire-after-days': '0' }],
    ['expire-after-days', { 'expire-after-days': 'ten' }],
    ['expire-prefix', { 'expire-prefix': 'tmp/' }],
    ['abort-incomplete-multipart-days', { 'abort-incomplete-multipart-days': '-1' }],
  ])('%s: %j', async (input, inputs) => {
    const { host, code } = await run(inputs);

    expect(code).toBe(1);
    expect(s3.calls()).toEqual([]);
    expect(sts.calls()).toEqual([]);
    expect(host.outputs['error-code']).toBe('InvalidInput');
    expect(host.errors).toHaveLength(1);
    expect(host.errors[0]).toContain(`\`${input}\``);
  });
});

describe('lifecycle-rules: several rules, each owned by its ID', () => {
  const RULES = [
    'id=previews prefix=previews/ expire-days=14 abort-incomplete-days=1',
    'id=releases prefix="release builds/" noncurrent-days=30 keep-noncurrent=5',
    'id=markers expired-delete-markers=true',
  ].join('\n');
  const WANTED: LifecycleRule[] = [
    {
      ID: 'previews',
      Status: 'Enabled',
      Filter: { Prefix: 'previews/' },
      Expiration: { Days: 14 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    },
    {
      ID: 'releases',
      Status: 'Enabled',
      Filter: { Prefix: 'release builds/' },
      NoncurrentVersionExpiration: { NoncurrentDays: 30, NewerNoncurrentVersions: 5 },
    },
    {
      ID: 'markers',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Expiration: { ExpiredObjectDeleteMarker: true },
    },
  ];

  it('parses every field, and a quoted prefix', () => {
    expect(settingsOf({ 'lifecycle-rules': RULES }).lifecycleRules.map((r) => [r.id, r.prefix])).toEqual([
      ['previews', 'previews/'],
      ['releases', 'release builds/'],
      ['markers', ''],
    ]);
  });

  it.each([
    ['prefix=a/ expire-days=1', 'has no `id=`'],
    ['id=a', 'has no action'],
    ['id=a expire-days=0', 'not a whole number from 1'],
    ['id=a expire-days=x', 'not a whole number'],
    ['id=a keep-noncurrent=3', 'without `noncurrent-days`'],
    ['id=a noncurrent-days=1 keep-noncurrent=101', 'from 1 to 100'],
    ['id=a expire-days=1 expired-delete-markers=true', 'does not allow in one rule'],
    ['id=a expire-days=1 colour=blue', 'unknown field'],
    ['id=a expire-days=1 expire-days=2', 'given twice'],
    ['id=a expire-days=1\nid=a expire-days=2', 'declared twice'],
    [`id=${MANAGED_RULE_ID} expire-days=1`, 'the one `expire-after-days`'],
    ['id=a state=gone', '`state=absent`'],
    ['id=a state=absent expire-days=3', 'takes only `id`'],
    ['id=a prefix="unterminated expire-days=1', 'is not a valid string'],
  ])('refuses %j', (line, message) => {
    expect(() => settingsOf({ 'lifecycle-rules': line })).toThrow(message);
  });

  it('adds the declared rules beside foreign ones and the managed rule, in one write', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: [...FOREIGN_RULES, MANAGED_DEFAULT] });

    const { code, host } = await run({ 'lifecycle-rules': RULES });

    expect(code).toBe(0);
    expect(writes()).toEqual(['PutBucketLifecycleConfiguration']);
    expect(fake.get().rules).toEqual([...FOREIGN_RULES, MANAGED_DEFAULT, ...WANTED]);
    expect(changesOf(host).map((c) => [c.op, c.key, c.to])).toEqual([
      ['+', 'previews', 'expire after 14 days; abort incomplete uploads after 1 days under `previews/`'],
      [
        '+',
        'releases',
        'expire noncurrent versions after 30 days keeping the newest 5 under `release builds/`',
      ],
      ['+', 'markers', 'remove expired delete markers under the whole bucket'],
    ]);
  });

  it('a re-run on the converged bucket writes nothing', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: [MANAGED_DEFAULT, ...WANTED, ...FOREIGN_RULES] });

    const { code, host } = await run({ 'lifecycle-rules': RULES });

    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    expect(changesOf(host)).toEqual([]);
  });

  it('changes only the rule that differs, removes an absent one, leaves undeclared IDs alone', async () => {
    const stale = { ...WANTED[0]!, Expiration: { Days: 30 } };
    const old: LifecycleRule = {
      ID: 'old',
      Status: 'Enabled',
      Filter: { Prefix: 'old/' },
      Expiration: { Days: 1 },
    };
    fake.add(BUCKET, { ...CONVERGED, rules: [MANAGED_DEFAULT, stale, old, ...FOREIGN_RULES] });

    const { code, host } = await run({
      'lifecycle-rules':
        'id=previews prefix=previews/ expire-days=14 abort-incomplete-days=1\nid=old state=absent',
    });

    expect(code).toBe(0);
    expect(writes()).toEqual(['PutBucketLifecycleConfiguration']);
    expect(fake.get().rules).toEqual([...FOREIGN_RULES, MANAGED_DEFAULT, WANTED[0]]);
    expect(changesOf(host).map((c) => [c.op, c.key])).toEqual([
      ['~', 'previews'],
      ['-', 'old'],
    ]);
  });

  it('absent rules that are not there cost no write', async () => {
    fake.add(BUCKET, { ...CONVERGED, rules: [MANAGED_DEFAULT] });

    expect((await run({ 'lifecycle-rules': 'id=gone state=absent' })).code).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('a declared rule with extra clauses it does not declare is rewritten to the declaration', async () => {
    const extra = { ...WANTED[0]!, Transitions: [{ Days: 30, StorageClass: 'GLACIER' as const }] };
    fake.add(BUCKET, { ...CONVERGED, rules: [MANAGED_DEFAULT, extra] });

    await run({ 'lifecycle-rules': 'id=previews prefix=previews/ expire-days=14 abort-incomplete-days=1' });

    expect(fake.get().rules).toEqual([MANAGED_DEFAULT, WANTED[0]]);
  });
});

describe('changedText', () => {
  it('says a lifecycle change once, with only the words that differ', () => {
    expect(
      changedText(
        'expire after 30 days; abort incomplete uploads after 7 days under the whole bucket',
        'expire after 60 days; abort incomplete uploads after 7 days under the whole bucket',
      ),
    ).toBe('expire after 30 → 60 days; abort incomplete uploads after 7 days under the whole bucket');
    expect(changedText('Suspended', 'Enabled')).toBe('Suspended → Enabled');
    expect(changedText('a b', 'a b c')).toBe('a b (nothing) → c');
  });
});
