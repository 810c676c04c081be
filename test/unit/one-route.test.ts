/**
 * One route for every result: whichever operation runs and however it fails, the outputs, the job
 * summary and the exit code say the same thing. Failures before the first write (inputs,
 * authentication, plan) are thrown and leave only the step's own outputs; failures and partial
 * failures during apply come back inside the outcome and leave the operation's outputs as well,
 * describing what was done.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import type { OperationContext } from '../../src/operations/operation.js';
import { runTask } from '../../src/run-task.js';
import { FakeHost, githubEnv, idTokenFor } from './fake-host.js';
import { FakeSecretsManager } from './fake-secrets.js';
import { s3Error, stsError, useTaskSandbox } from './helpers.js';
import { FakeS3 } from './prune-fake-s3.js';

// Compile-time: an operation's context offers no way to set an output or write the summary.
type HostOf = OperationContext['host'];
const noSetOutput: 'setOutput' extends keyof HostOf ? never : true = true;
const noSummary: 'appendSummary' extends keyof HostOf ? never : true = true;

const ROLE = 'arn:aws:iam::123456789012:role/ci-deploy';
const sandbox = useTaskSandbox('atp-route-', { ambientKeys: true });
const { s3, sm, sts } = sandbox;
const OLD = Date.now() - 40 * 86_400_000;
const STEP_OUTPUTS = ['caller-arn', 'error-code', 'exit-code'];

const E = {} as Record<'headNotFound' | 'denied' | 'listDenied' | 'invalidToken', Error>;
beforeAll(async () => {
  E.headNotFound = await s3Error(new HeadBucketCommand({ Bucket: 'b' }), 404);
  E.denied = await s3Error(new PutObjectCommand({ Bucket: 'b', Key: 'k' }), 403, 'AccessDenied');
  E.listDenied = await s3Error(new ListObjectsV2Command({ Bucket: 'b' }), 403, 'AccessDenied');
  E.invalidToken = await stsError('InvalidIdentityToken');
});

type Stage = 'input' | 'auth' | 'plan' | 'refused' | 'apply' | 'partial';
interface Case {
  op: 'ensure-bucket' | 'prune' | 'upload-artifact' | 'fetch-secret';
  stage: Stage;
  inputs: Record<string, string>;
  setup?: () => void | Promise<void>;
  /** The operation's outputs that must describe what apply did. */
  check?: (outputs: Record<string, string>, summary: string) => void;
}

const BASE: Record<Case['op'], Record<string, string>> = {
  'ensure-bucket': { bucket: 'route-bucket' },
  prune: { bucket: 'prune-bucket', prefix: 'builds/', 'older-than': '30d', 'dry-run': 'false' },
  'upload-artifact': {
    bucket: 'route-bucket',
    'endpoint-url': 'http://127.0.0.1:9',
    'force-path-style': 'true',
  },
  'fetch-secret': { 'secret-ids': 'prod/db' },
};

function files(n: number): string {
  const dir = join(sandbox.tmp, 'files');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `f${i}.txt`), `file ${i}`);
  return dir;
}

const cases: Case[] = [
  // ---- before the first write: thrown
  ...(['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'] as const).flatMap((op): Case[] => [
    { op, stage: 'input', inputs: { 'max-attempts': 'many' } },
    {
      op,
      stage: 'auth',
      inputs: { 'role-to-assume': ROLE },
      setup: () => void sts.on(AssumeRoleWithWebIdentityCommand).rejects(E.invalidToken),
    },
  ]),
  {
    op: 'ensure-bucket',
    stage: 'plan',
    inputs: {},
    setup: () => void s3.on(HeadBucketCommand).rejects(E.denied),
  },
  {
    op: 'prune',
    stage: 'plan',
    inputs: {},
    setup: () => void s3.on(ListObjectsV2Command).rejects(E.listDenied),
  },
  {
    op: 'upload-artifact',
    stage: 'plan',
    inputs: { path: 'nothing-here-*.zip', 'if-no-files-found': 'error' },
  },
  {
    op: 'fetch-secret',
    stage: 'plan',
    inputs: { 'dry-run': 'true', 'secret-ids': 'missing/secret' },
    setup: async () => void (await new FakeSecretsManager(sm).install()),
  },
  {
    // A plan a safety rule refuses: nothing is applied, the report renders the plan with the refusal.
    op: 'prune',
    stage: 'refused',
    inputs: { 'max-deletes': '2' },
    setup: () => {
      const fake = new FakeS3(s3).install();
      for (let i = 0; i < 3; i++) fake.put(`builds/old-${i}`, OLD, 100);
    },
    check: (o, summary) => {
      expect(o).toMatchObject({ 'exit-code': '7', 'deleted-count': '0', 'planned-count': '3' });
      expect(summary).toMatch(/more than \S*max-deletes: 2/);
    },
  },
  // ---- during apply: inside the outcome
  {
    op: 'ensure-bucket',
    stage: 'apply',
    inputs: {},
    setup: () => {
      s3.on(HeadBucketCommand).rejects(E.headNotFound);
      s3.on(CreateBucketCommand).rejects(E.denied);
    },
    check: (o) => expect(o).toMatchObject({ created: 'false', 'dry-run': 'false' }),
  },
  {
    op: 'ensure-bucket',
    stage: 'partial',
    inputs: { tags: 'team=ci' },
    setup: () => {
      s3.on(HeadBucketCommand).rejects(E.headNotFound);
      s3.on(CreateBucketCommand).resolves({});
      s3.on(PutBucketOwnershipControlsCommand).resolves({});
      s3.on(PutPublicAccessBlockCommand).resolves({});
      s3.on(PutBucketEncryptionCommand).resolves({});
      s3.on(PutBucketVersioningCommand).resolves({});
      s3.on(PutBucketTaggingCommand).rejects(E.denied);
    },
    check: (o, summary) => {
      expect(o.created).toBe('true');
      expect(summary).toContain('Applied before the failure: bucket');
    },
  },
  {
    op: 'prune',
    stage: 'apply',
    inputs: {},
    setup: () => {
      const fake = new FakeS3(s3).install();
      for (let i = 0; i < 3; i++)
        fake.put(`builds/old-${i}`, OLD, 100).failing.set(`builds/old-${i}`, 'AccessDenied');
    },
    check: (o) => expect(o).toMatchObject({ 'deleted-count': '0', 'planned-count': '3' }),
  },
  {
    op: 'prune',
    stage: 'partial',
    inputs: {},
    setup: () => {
      const fake = new FakeS3(s3).install();
      for (let i = 0; i < 3; i++) fake.put(`builds/old-${i}`, OLD, 100);
      fake.failing.set('builds/old-1', 'InternalError');
    },
    check: (o, summary) => {
      expect(o).toMatchObject({ 'deleted-count': '2', 'deleted-bytes': '200', 'planned-count': '3' });
      expect(summary).toContain('Deleted 2 objects');
    },
  },
  {
    op: 'upload-artifact',
    stage: 'apply',
    inputs: {},
    setup: () => void s3.on(PutObjectCommand).rejects(E.denied),
    check: (o) => expect(o).toMatchObject({ 'uploaded-count': '0' }),
  },
  {
    op: 'upload-artifact',
    stage: 'partial',
    inputs: {},
    setup: () => {
      s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
      s3.on(PutObjectCommand, { Key: 'f1.txt' }).rejects(E.denied);
    },
    check: (o, summary) => {
      expect(o['uploaded-count']).toBe('1');
      expect(summary).toContain('1 file uploaded');
    },
  },
  {
    op: 'fetch-secret',
    stage: 'apply',
    inputs: { 'secret-ids': 'missing/secret' },
    setup: async () => void (await new FakeSecretsManager(sm).install()),
    check: (o) => expect(Object.keys(o).sort()).toEqual(['dry-run', 'error-code', 'exit-code']),
  },
];

async function runCase(c: Case) {
  await c.setup?.();
  const inputs: Record<string, string> = {
    operation: c.op,
    'aws-region': 'eu-west-1',
    ...BASE[c.op],
    ...c.inputs,
  };
  if (c.op === 'upload-artifact' && !inputs.path) {
    inputs.path = files(2);
  }
  const host = new FakeHost({
    inputs,
    env: githubEnv(),
    idTokens: [(n) => idTokenFor(n)],
    tempDir: sandbox.tmp,
  });
  const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });
  return { host, code };
}

describe('one route: outputs, summary and exit code agree', () => {
  it('operations get no setOutput and no summary', () => {
    expect([noSetOutput, noSummary]).toEqual([true, true]);
  });

  it.each(cases.map((c) => [`${c.op}: ${c.stage} failure`, c] as const))('%s', async (_name, c) => {
    const { host, code } = await runCase(c);
    const outputs = host.outputs;
    const summary = host.summary;
    const expectedExit =
      c.stage === 'input' ? 1 : c.stage === 'auth' ? 2 : c.stage === 'partial' ? [4, 5, 6] : undefined;
    expect(code).not.toBe(0);
    if (typeof expectedExit === 'number') expect(code).toBe(expectedExit);
    else if (expectedExit) expect(expectedExit).toContain(code);
    // The exit code, the outputs and the summary name the same failure.
    expect(outputs['exit-code']).toBe(String(code));
    expect(outputs['error-code']).toMatch(/\w/);
    // The status mark of a failure: failed, cancelled or refused.
    expect(summary).toMatch(new RegExp(`^### (❌|⏹️|⛔) ${c.op}: `, 'm'));
    expect(summary).toContain(`| Exit code | ${code} |`);
    expect(summary).toContain(`| Error code | ${outputs['error-code']} |`);
    expect(host.errors.length).toBeGreaterThan(0);
    expect(host.events.filter((e) => e.type === 'summary')).toHaveLength(1);
    if (c.stage === 'input' || c.stage === 'auth' || c.stage === 'plan') {
      // Thrown before the first write: only the step's own outputs.
      for (const name of Object.keys(outputs)) expect(STEP_OUTPUTS).toContain(name);
    } else {
      // Returned inside the outcome: the operation's outputs describe what was done.
      expect(outputs['dry-run']).toBe('false');
      c.check?.(outputs, summary);
    }
  });
});
