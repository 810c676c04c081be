/**
 * What the fault and cancellation tests share: running an operation through the fault proxy,
 * seeding objects for `prune`, reading its manifest, and the checks every faulty run must pass.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  startFaultProxy,
  type FaultProxy,
  type FaultRule,
  type SeenRequest,
} from '../support/fault-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { REGION, ROLE_ARN, TEST_CREDENTIALS } from './fixtures.js';
import { runBundle, startTokenServer, type RunResult, type RunSpec, type TokenServer } from './harness.js';
import { s3Client, uniqueBucket } from './s3-support.js';
import { cleanUpRuns, runUpload, type UploadRunResult, type UploadRunSpec } from './upload-support.js';

/** One moto per test file, the fault proxy in front of it, an ID token endpoint, a bucket and a work directory. */
export interface FaultRig {
  moto: Moto;
  proxy: FaultProxy;
  tokens: TokenServer;
  /** Straight to moto (the proxy sees only the bundle's requests). */
  s3: S3Client;
  /** Secrets Manager straight on moto, in REGION. */
  secrets: SecretsManagerClient;
  bucket: string;
  work: string;
  /**
   * Runs an S3 operation as a step with static keys, from `work`, through the proxy, on `bucket` unless
   * the inputs name another.
   */
  s3Step(
    operation: string,
    inputs: Record<string, string>,
    spec?: Partial<UploadRunSpec>,
  ): Promise<UploadRunResult>;
  /** Runs fetch-secret as a step with `id-token: write` that assumes ROLE_ARN, through the proxy. */
  fetchSecret(inputs: Record<string, string>, spec?: Omit<RunSpec, 'inputs'>): Promise<RunResult>;
  stop(): Promise<void>;
}

export async function startFaultRig(label: string): Promise<FaultRig> {
  const work = realpathSync(mkdtempSync(join(tmpdir(), `atp-${label}-`)));
  const moto = await startMoto();
  const [proxy, tokens] = await Promise.all([startFaultProxy(moto.endpoint), startTokenServer()]);
  const s3 = s3Client(moto.endpoint, REGION);
  const secrets = new SecretsManagerClient({
    region: REGION,
    endpoint: moto.endpoint,
    credentials: TEST_CREDENTIALS,
  });
  const bucket = uniqueBucket(label);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const runDirs: string[] = [];
  return {
    moto,
    proxy,
    tokens,
    s3,
    secrets,
    bucket,
    work,
    s3Step: (operation, inputs, spec = {}) =>
      runUpload({
        cwd: work,
        ...spec,
        inputs: {
          operation,
          'aws-region': REGION,
          'endpoint-url': proxy.endpoint,
          'force-path-style': 'true',
          bucket,
          ...inputs,
        },
      }),
    async fetchSecret(inputs, spec = {}) {
      const result = await runBundle(
        {
          ...spec,
          inputs: {
            operation: 'fetch-secret',
            'aws-region': REGION,
            'endpoint-url': proxy.endpoint,
            'role-to-assume': ROLE_ARN,
            ...inputs,
          },
        },
        { tokens },
      );
      runDirs.push(result.workDir);
      return result;
    },
    async stop() {
      s3.destroy();
      secrets.destroy();
      await Promise.allSettled([proxy.close(), tokens.close()]);
      await moto.stop();
      await cleanUpRuns();
      for (const dir of [...runDirs, work]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A rig for the whole test file: started before its first test (before the file's own `beforeAll`s
 * that come later) and stopped after its last. The object is filled in once the rig runs.
 */
export function useFaultRig(label: string): FaultRig {
  const rig = {} as FaultRig;
  beforeAll(async () => {
    Object.assign(rig, await startFaultRig(label));
  }, 60_000);
  afterAll(() => rig.stop?.());
  return rig;
}

/**
 * Runs `run` with `rules` in force on the proxy (none before or after); returns its result, the
 * requests the proxy saw meanwhile, and how often each rule's fault was applied.
 */
export async function underFaults<T>(
  proxy: FaultProxy,
  rules: FaultRule[],
  run: () => Promise<T>,
): Promise<{ result: T; seen: SeenRequest[]; applied: number[] }> {
  proxy.clear();
  const handles = rules.map((r) => proxy.add(r));
  const before = proxy.requests.length;
  try {
    const result = await run();
    return { result, seen: proxy.requests.slice(before), applied: handles.map((h) => h.applied) };
  } finally {
    proxy.clear();
  }
}

/** `Operation!fault:status` per request, to show in a failed assertion. */
export const wire = (seen: SeenRequest[]): string[] =>
  seen.map((r) => `${r.operation}${r.injected ? `!${r.injected}` : ''}:${r.status ?? '-'}`);

/** No crash, whatever the fault: an unhandled rejection or a TypeError would show on stderr. */
export function expectNoCrash(result: { stderr: string }): void {
  expect(result.stderr).not.toMatch(/Unhandled|unhandled|TypeError|ReferenceError|at async /);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Puts one small object per key, a few at a time (moto_server is single-process). */
export async function seedObjects(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < keys.length) {
        const Key = keys[next++]!;
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `body of ${Key}` }));
      }
    }),
  );
}

/**
 * S3 keeps LastModified to the second: returns an instant (for `older-than`) after everything put so
 * far and before anything put once it has resolved.
 */
export async function cutoffAfterNow(): Promise<string> {
  const cut = Math.floor(Date.now() / 1000) * 1000 + 1000;
  await sleep(cut + 1000 - Date.now());
  return new Date(cut).toISOString();
}

export const numbered = (stem: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${stem}${String(i).padStart(5, '0')}.bin`);

export interface PruneManifestEntry {
  key: string;
  unconfirmed?: boolean;
}

/** The keys a prune's manifest reports: deleted, and (`unconfirmed`) perhaps deleted. */
export function pruneManifest(outputs: Record<string, string>): { deleted: string[]; unconfirmed: string[] } {
  const entries = JSON.parse(readFileSync(outputs['manifest-path']!, 'utf8')) as PruneManifestEntry[];
  return {
    deleted: entries.filter((e) => !e.unconfirmed).map((e) => e.key),
    unconfirmed: entries.filter((e) => e.unconfirmed).map((e) => e.key),
  };
}

export interface Termination {
  /** For `onSpawn`: sends SIGTERM once `ready` resolves (SIGKILL if it rejects). */
  onSpawn(child: ChildProcess): void;
  /** When the signal was sent (ms since the epoch), once it was. */
  sentAt?: number;
}

/** SIGTERM to the step as soon as `ready` resolves: the job being cancelled at that moment. */
export function terminateWhen(ready: () => Promise<unknown>): Termination {
  const termination: Termination = {
    onSpawn(child) {
      ready().then(
        () => {
          termination.sentAt = Date.now();
          child.kill('SIGTERM');
        },
        () => child.kill('SIGKILL'),
      );
    },
  };
  return termination;
}
