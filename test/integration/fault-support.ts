/**
 * What the fault and cancellation tests share: running an operation through the fault proxy,
 * seeding objects for `prune`, reading its manifest, and the checks every faulty run must pass.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  startFaultProxy,
  type FaultProxy,
  type FaultRule,
  type SeenRequest,
} from '../support/fault-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { REGION, TEST_CREDENTIALS } from './fixtures.js';
import { startTokenServer, type TokenServer } from './harness.js';
import { s3Client, uniqueBucket } from './s3-support.js';
import { cleanUpRuns } from './upload-support.js';

/** The environment a step with static keys (the default chain) gets. */
export const STATIC_KEYS = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
};

/** One moto per test file, the fault proxy in front of it, an ID token endpoint, a bucket and a work directory. */
export interface FaultRig {
  moto: Moto;
  proxy: FaultProxy;
  tokens: TokenServer;
  /** Straight to moto (the proxy sees only the bundle's requests). */
  s3: S3Client;
  bucket: string;
  work: string;
  stop(): Promise<void>;
}

export async function startFaultRig(label: string): Promise<FaultRig> {
  const work = realpathSync(mkdtempSync(join(tmpdir(), `atp-${label}-`)));
  const moto = await startMoto();
  const [proxy, tokens] = await Promise.all([startFaultProxy(moto.endpoint), startTokenServer()]);
  const s3 = s3Client(moto.endpoint, REGION);
  const bucket = uniqueBucket(label);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    moto,
    proxy,
    tokens,
    s3,
    bucket,
    work,
    async stop() {
      s3.destroy();
      await Promise.allSettled([proxy.close(), tokens.close()]);
      await moto.stop();
      await cleanUpRuns();
      rmSync(work, { recursive: true, force: true });
    },
  };
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
