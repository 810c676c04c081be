/**
 * `log-format: json` is a stream a log shipper can trust, whatever the secrets are: the built action
 * runs every operation (plan, apply, a refused plan, a failure) against moto with random secrets —
 * one character long, `true`, `"`, `{`, `\`, and random strings of JSON's and Markdown's special
 * characters — registered as the GitHub token and as a fetched secret value. Every stdout line that is
 * not a runner command (`::…`) must parse as one JSON object of the documented schema, no string in
 * it may contain a secret, and a field name keeps one JSON type across every event.
 *
 * Field names, event names, levels and times are the program's own and never redacted, so a
 * one-character secret may be a letter of one; the promise is about the message and the field values,
 * which is where secrets can be.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { REGION, ROLE_ARN } from './fixtures.js';
import { startHarness, type Harness, type RunResult } from './harness.js';
import { s3Client, uniqueBucket } from './s3-support.js';
import { prng } from '../support/prng.js';

const SEED = Number(process.env.JSON_LOGS_SEED ?? Date.now() % 1_000_000);
const random = prng(SEED);
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789"\\{}[]:,|`*_<>%&\'é€';
function randomSecret(): string {
  const length = 1 + Math.floor(random() * 10);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}
/** The required cases, and two random ones. */
const SECRETS = [
  ALPHABET[Math.floor(random() * 26)]!,
  'true',
  '"',
  '{',
  '\\',
  randomSecret(),
  randomSecret(),
];

const DATA = uniqueBucket('jsonlog');
let h: Harness;
let s3: S3Client;
let scratch: string;
let files: string;

beforeAll(async () => {
  h = await startHarness();
  await h.seed(SECRETS.map((text, i) => ({ name: `json-logs/secret-${i}`, text })));
  s3 = s3Client(h.moto.endpoint, REGION);
  await s3.send(new CreateBucketCommand({ Bucket: DATA }));
  for (const folder of ['a/', 'b/', 'c/'])
    await s3.send(new PutObjectCommand({ Bucket: DATA, Key: `prune/${folder}x.txt`, Body: folder }));
  scratch = await mkdtemp(join(tmpdir(), 'atp-json-logs-'));
  files = join(scratch, 'site');
  await mkdir(join(files, 'assets'), { recursive: true });
  await writeFile(join(files, 'index.html'), '<h1>json</h1>\n');
  await writeFile(join(files, 'assets', 'a "quoted" name.txt'), 'x\n');
}, 90_000);

afterAll(async () => {
  s3?.destroy();
  await h?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function strings(value: Json, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

const typeOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** Field name → the JSON types it had, over every line of every run. */
const fieldTypes = new Map<string, Set<string>>();

function checkStream(label: string, secret: string, result: RunResult): number {
  let records = 0;
  for (const line of result.stdoutLines) {
    if (line.startsWith('::') || line === '') continue;
    let record: Record<string, Json>;
    try {
      record = JSON.parse(line) as Record<string, Json>;
    } catch {
      throw new Error(`${label} (seed ${SEED}, secret ${JSON.stringify(secret)}): not JSON: ${line}`);
    }
    records++;
    expect(Object.keys(record)).toEqual(['time', 'level', 'operation', 'event', 'message', 'fields']);
    expect(typeof record.fields).toBe('object');
    // `time`, `level`, `operation` and `event` are the program's own words, like the field names.
    for (const s of strings({ message: record.message!, fields: record.fields! }))
      if (s.includes(secret))
        throw new Error(`${label} (seed ${SEED}): the secret ${JSON.stringify(secret)} is in: ${line}`);
    for (const [name, value] of Object.entries(record.fields as Record<string, Json>)) {
      const types = fieldTypes.get(name) ?? new Set<string>();
      types.add(typeOf(value));
      fieldTypes.set(name, types);
    }
  }
  return records;
}

describe(`json logs with random secrets (seed ${SEED})`, () => {
  test.each(SECRETS.map((s, i) => [JSON.stringify(s), i] as const))(
    'secret %s: every operation, every line JSON, no secret in any value',
    async (_shown, i) => {
      const secret = SECRETS[i]!;
      const base = {
        'aws-region': REGION,
        'endpoint-url': h.proxy.endpoint,
        'force-path-style': 'true',
        'role-to-assume': ROLE_ARN,
        'log-format': 'json',
        // Registered as a secret by every operation (the comment itself is not due: no PR event).
        'pr-comment': 'true',
        'github-token': secret,
      };
      const runs: Array<[string, Record<string, string>]> = [
        [
          'fetch-secret',
          { operation: 'fetch-secret', 'secret-ids': `S,json-logs/secret-${i}`, 'set-outputs': 'true' },
        ],
        [
          'fetch-secret plan',
          { operation: 'fetch-secret', 'secret-ids': `json-logs/secret-${i}`, 'dry-run': 'true' },
        ],
        [
          'ensure-bucket plan',
          { operation: 'ensure-bucket', bucket: uniqueBucket('jl'), tags: `k=${i}`, 'dry-run': 'true' },
        ],
        ['ensure-bucket', { operation: 'ensure-bucket', bucket: DATA, versioning: 'enabled' }],
        [
          'prune plan',
          { operation: 'prune', bucket: DATA, prefix: 'prune/', 'group-by': 'folder', 'keep-latest': '1' },
        ],
        [
          'prune refused',
          { operation: 'prune', bucket: DATA, prefix: 'prune/', 'keep-latest': '1', 'max-deletes': '1' },
        ],
        [
          'upload-artifact',
          { operation: 'upload-artifact', bucket: DATA, path: files, 'key-prefix': `up-${i}/` },
        ],
        [
          'upload-artifact, no bucket',
          { operation: 'upload-artifact', bucket: uniqueBucket('jl-none'), path: files },
        ],
      ];
      const results = await Promise.all(
        runs.map(async ([label, inputs]) => {
          const result = await h.run({ inputs: { ...base, ...inputs }, env: { RUNNER_DEBUG: '1' } });
          return [label, result] as const;
        }),
      );
      for (const [label, result] of results) expect(checkStream(label, secret, result)).toBeGreaterThan(0);
      expect(results.map(([, r]) => r.code)).toEqual([0, 0, 0, 0, 0, 7, 0, 5]);
    },
    120_000,
  );

  test('a field name keeps one JSON type in every event', () => {
    expect(fieldTypes.size).toBeGreaterThan(10);
    const mixed = [...fieldTypes]
      .map(([name, types]) => [name, [...types].filter((t) => t !== 'null')] as const)
      .filter(([, types]) => types.length > 1)
      .map(([name, types]) => `${name}: ${types.join(', ')}`);
    expect(mixed).toEqual([]);
  });
});
