/**
 * Property-style: a few hundred random buckets, prefixes and selections (seeded, so a failure is
 * reproducible from its case number). Whatever the selection, nothing outside the prefix is ever
 * deleted or aborted, a dry run never writes, and a store that lists keys outside the prefix
 * stops the step (exit 99) before any delete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AbortMultipartUploadCommand, DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { runTask } from '../../src/run-task.js';
import { FakeHost } from './fake-host.js';
import { isolateAwsEnv, setAmbientKeys } from './helpers.js';
import { FakeS3 } from './prune-fake-s3.js';
import { prng } from '../support/prng.js';

const CASES = 300;
const SEED = 0x5eed_2026;
const DAY = 86_400_000;
const NOW = Date.now();

const STEMS = ['build', 'builds', 'build-old', 'build/', 'a/b', 'a', 'x y', 'ünï', 'p+q', '%2F', ''];
const NAMES = [
  'app.zip',
  'log.txt',
  'v1/app.zip',
  'v2/',
  'v2/notes.txt',
  'deep/er/x',
  '',
  'KEEP',
  'a b+c%20',
];
const PREFIXES = ['build', 'build/', 'builds/', 'a/', 'a', 'x y/', 'ünï', 'p+q/', ''];
const PATTERNS = ['*.zip', '**/*.zip', 'v1/**', '*/KEEP', '**', 'deep/**', '?', '[a-z]*'];

let s3: AwsClientStub<S3Client>;
let restoreEnv: () => void;
let tmp: string;

beforeAll(() => {
  s3 = mockClient(S3Client);
  restoreEnv = isolateAwsEnv();
  setAmbientKeys();
  tmp = mkdtempSync(join(tmpdir(), 'atp-prune-prop-'));
});

afterAll(() => {
  s3.restore();
  restoreEnv();
  rmSync(tmp, { recursive: true, force: true });
});

describe('prune over random buckets and selections', () => {
  it(`never touches anything outside the prefix, and dry-run never writes (${CASES} cases)`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const codes = new Map<number, number>();
    let deletedTotal = 0;

    for (let n = 0; n < CASES; n++) {
      s3.reset();
      const fake = new FakeS3(s3).install();
      const versions = random() < 0.3 ? 'all' : 'current';
      const keyCount = Math.floor(random() * 40);
      const used = new Set<string>();
      for (let i = 0; i < keyCount; i++) {
        const stem = pick(STEMS);
        const name = pick(NAMES);
        const key = stem && name ? `${stem}${stem.endsWith('/') ? '' : '/'}${name}` : stem || name || 'root';
        // Without versioning a key holds one object.
        if (versions === 'current' && used.has(key)) continue;
        used.add(key);
        const copies = versions === 'all' ? 1 + Math.floor(random() * 3) : 1;
        for (let c = 0; c < copies; c++) {
          const time = NOW - Math.floor(random() * 90 * DAY);
          if (versions === 'all' && random() < 0.2) fake.marker(key, time);
          else fake.put(key, time, Math.floor(random() * 1000));
        }
      }
      for (let i = 0; i < 3; i++)
        fake.uploads.push({
          key: `${pick(STEMS)}/${pick(NAMES)}`,
          uploadId: `u${n}-${i}`,
          initiated: NOW - 60 * DAY,
        });

      const prefix = pick(PREFIXES);
      const dryRun = random() < 0.5;
      const keepLatest = random() < 0.4 ? Math.floor(random() * 4) : 0;
      const olderThan =
        keepLatest === 0 || random() < 0.5 ? pick(['1d', '20d', '45d', '2w', '1m']) : undefined;
      const inputs: Record<string, string | undefined> = {
        operation: 'prune',
        'aws-region': 'eu-west-1',
        bucket: fake.bucket,
        prefix: prefix || undefined,
        'allow-whole-bucket': prefix ? undefined : 'true',
        'older-than': olderThan,
        'keep-latest': keepLatest ? String(keepLatest) : undefined,
        'group-by': random() < 0.3 ? 'folder' : 'object',
        versions,
        include: random() < 0.2 ? pick(PATTERNS) : undefined,
        exclude: random() < 0.2 ? pick(PATTERNS) : undefined,
        'max-deletes': random() < 0.2 ? String(Math.floor(random() * 5)) : undefined,
        'dry-run': String(dryRun),
        'job-summary': random() < 0.2 ? 'true' : 'false',
      };
      fake.ignorePrefix = random() < 0.1;
      const outside = (key: string): boolean => !key.startsWith(prefix);
      const before = fake.versions.map((v) => `${v.key}@${v.versionId}`);
      const outsideBefore = fake.versions.filter((v) => outside(v.key)).map((v) => v.versionId);
      const uploadsBefore = fake.uploads.length;
      const brokenListing =
        fake.ignorePrefix &&
        (fake.versions.some((v) => outside(v.key)) ||
          (olderThan !== undefined && fake.uploads.some((u) => outside(u.key))));

      const host = new FakeHost({ inputs, tempDir: tmp });
      const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const label = { case: n, inputs, code, errors: host.errors };

      const deleted = s3
        .commandCalls(DeleteObjectsCommand)
        .flatMap((c) => c.args[0].input.Delete?.Objects ?? []);
      deletedTotal += deleted.length;
      const aborted = s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input.Key!);
      expect({ ...label, outsideDeleted: deleted.filter((o) => outside(o.Key!)) }).toEqual({
        ...label,
        outsideDeleted: [],
      });
      expect({ ...label, outsideAborted: aborted.filter(outside) }).toEqual({ ...label, outsideAborted: [] });
      expect({
        ...label,
        outsideLeft: fake.versions.filter((v) => outside(v.key)).map((v) => v.versionId),
      }).toEqual({
        ...label,
        outsideLeft: outsideBefore,
      });
      if (dryRun || code !== 0) {
        expect({ ...label, deleteCalls: deleted.length, abortCalls: aborted.length }).toEqual({
          ...label,
          deleteCalls: 0,
          abortCalls: 0,
        });
        expect(fake.versions.map((v) => `${v.key}@${v.versionId}`)).toEqual(before);
        expect(fake.uploads).toHaveLength(uploadsBefore);
      }
      if (brokenListing) expect(label.code).toBe(99);
      else expect({ ...label, expected: [0, 7].includes(code) }).toEqual({ ...label, expected: true });
      if (code === 7)
        expect(Number(host.outputs['planned-count'])).toBeGreaterThan(Number(inputs['max-deletes']));
      if (code === 0 && !dryRun)
        expect(Number(host.outputs['deleted-count'])).toBe(before.length - fake.versions.length);
    }
    // The cases reached every outcome worth checking.
    expect([...codes.keys()].sort((a, b) => a - b)).toEqual([0, 7, 99]);
    expect(deletedTotal).toBeGreaterThan(100);
  });
});
