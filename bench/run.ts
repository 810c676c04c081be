/**
 * `npm run bench`: uploads and prunes with aws-task-pack and its peers, side by side on this machine,
 * against a local S3 sink started here (and moto_server for realism); prints the figures and writes
 * them into BENCHMARKS.md. `BENCH_QUICK=1` is a smoke run (small sizes, one round; BENCHMARKS.md is
 * left alone). Not part of `npm test` or CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, release, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { startMoto, type Moto } from '../test/support/moto.js';
import { writeBigFile, writeSmallFiles, type ExpectedObject, type SmallFiles } from './data.js';
import { writeBenchmarksMd } from './markdown.js';
import { hasGnuTime, killCurrent, measure, type Measured } from './measure.js';
import { markdownTable, num, plainTable, spread, withRange, type RunRecord, type Table } from './report.js';
import { Sink } from './sink.js';
import {
  ACCESS_KEY_ID,
  makeTools,
  REGION,
  SECRET_ACCESS_KEY,
  type Source,
  type Target,
  type Tool,
  type ToolId,
} from './tools.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);
/** `BENCH_TOOLS=ours,raw`: run only these tools (a partial run leaves BENCHMARKS.md alone). */
const TOOLS = process.env.BENCH_TOOLS?.split(',').filter(Boolean);
const CONFIG = QUICK
  ? {
      files: 200,
      fileSize: 16 * KIB,
      bigBytes: 64 * MIB,
      pruneCount: 2_000,
      pruneLarge: 10_000,
      latBigBytes: 32 * MIB,
      budgetFiles: 4,
      budgetFileSize: 32 * MIB,
      rounds: 1,
      coldRounds: 2,
    }
  : {
      files: 2_000,
      fileSize: 16 * KIB,
      bigBytes: 1024 * MIB,
      pruneCount: 20_000,
      pruneLarge: 100_000,
      latBigBytes: 256 * MIB,
      budgetFiles: 16,
      budgetFileSize: 32 * MIB,
      rounds: 3,
      coldRounds: 5,
    };
/** The real-S3 regime: every reply held this long, each connection paced to this rate. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS) || 25;
const CONNECTION_MB_S = Number(process.env.BENCH_CONNECTION_MBPS) || 60;
/** The action's default `memory-budget-mb`; the budget case checks peak RSS against it + 100 MB. */
const MEMORY_BUDGET_MIB = 256;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || CONFIG.rounds;
/** Ours keeps up to concurrency × part-concurrency = 8 × 4 requests in flight; the aws CLI variant gets as many. */
const AWS_RAISED = 32;
const BUCKET = 'bench-bucket';
const PRUNE_PREFIX = 'prune/';
/** The synthetic objects' LastModified, and a cutoff after it (prune refuses instants in the future). */
const SYNTHETIC_TIME = new Date('2020-01-01T00:00:00Z');
const OLDER_THAN = '2021-01-01';
const ROOT = resolve(import.meta.dirname, '..');

type WorkloadId =
  | 'cold'
  | 'files'
  | 'big-md5'
  | 'big-nomd5'
  | 'tls-big'
  | 'lat-files'
  | 'lat-big'
  | 'lat-big-1g'
  | 'budget'
  | 'prune'
  | 'prune-100k'
  | 'moto-files';

interface Workload {
  id: WorkloadId;
  title: string;
  unit: 'files/s' | 'MiB/s' | 'objects/s' | 'ms';
  tools: ToolId[];
  rounds: number;
  /** Fewer rounds for a slow tool (it runs in the first rounds only). */
  toolRounds?: Partial<Record<ToolId, number>>;
  timeoutMs: number;
  /** Tools left out of this workload, with why. */
  skip: Partial<Record<ToolId, string>>;
  /** The sink holds replies and paces connections (the real-S3 regime). */
  distant?: boolean;
  /** The sink computes MD5 ETags (default true for uploads except where said). */
  md5?: boolean;
}

const UPLOADERS: ToolId[] = ['ours', 'raw', 'sdk', 'aws', 'aws-c32', 'rclone', 's3cmd'];
/** The uploader A/B behind the `Uploader` interface (same driver, same client factory). */
const AB: ToolId[] = ['ab-ours', 'ab-low', 'ab-high', 'ab-lib'];
/** Both tools at their defaults and at their best setting, in the real-S3 regime. */
const DISTANT: ToolId[] = [
  'ours',
  'sdk',
  'aws',
  'aws-c32',
  'rclone',
  'rclone-32',
  'ab-ours',
  'ab-low',
  'ab-high',
];

const CONFIG_RATE = `${CONNECTION_MB_S} MB/s`;
const mib = (bytes: number): string => `${bytes / MIB} MiB`;

function workloads(): Workload[] {
  const files = CONFIG.files.toLocaleString('en-US');
  const big =
    CONFIG.bigBytes >= 1024 * MIB ? `${CONFIG.bigBytes / 1024 / MIB} GiB` : `${CONFIG.bigBytes / MIB} MiB`;
  const all: Workload[] = [
    {
      id: 'cold',
      title: `Cold start: spawn → first request at the sink (one ${CONFIG.fileSize / KIB} KiB file)`,
      unit: 'ms',
      tools: ['ours', 'raw', 'sdk', 'aws', 'rclone', 's3cmd'],
      rounds: CONFIG.coldRounds,
      timeoutMs: 60_000,
      skip: {},
    },
    {
      id: 'files',
      title: `${files} files × ${CONFIG.fileSize / KIB} KiB → sink (MD5 ETags)`,
      unit: 'files/s',
      tools: [...UPLOADERS, ...AB],
      rounds: ROUNDS,
      timeoutMs: 300_000,
      skip: {},
    },
    {
      id: 'big-md5',
      title: `One ${big} file → sink with MD5 ETags`,
      unit: 'MiB/s',
      tools: [...UPLOADERS, ...AB],
      rounds: ROUNDS,
      timeoutMs: 300_000,
      skip: {},
    },
    {
      id: 'big-nomd5',
      title: `One ${big} file → sink without MD5 (the sink only counts bytes)`,
      unit: 'MiB/s',
      tools: [...UPLOADERS, ...AB],
      md5: false,
      rounds: ROUNDS,
      timeoutMs: 300_000,
      skip: {
        s3cmd: 'needs MD5 ETags (it checks every ETag against its own MD5 and sends no Content-MD5 to echo)',
      },
    },
    {
      // The same file over TLS, as every upload to AWS goes: there parts carry CRC32 checksums and an
      // unsigned payload, so each byte is SHA-256-hashed once (for the manifest); over plain HTTP, or
      // without checksums, each part's SHA-256 is signed too (twice). The aws CLI as the reference.
      id: 'tls-big',
      title: `One ${big} file → sink over HTTPS without MD5: each byte SHA-256-hashed once (as on AWS) or twice`,
      unit: 'MiB/s',
      tools: ['ab-ours', 'ab-crc', 'aws'],
      md5: false,
      rounds: ROUNDS,
      timeoutMs: 300_000,
      skip: {},
    },
    {
      id: 'lat-files',
      title: `${files} files × ${CONFIG.fileSize / KIB} KiB → sink ${LATENCY_MS} ms away, ${CONFIG_RATE} per connection (real-S3 regime)`,
      unit: 'files/s',
      tools: [...DISTANT, 'ab-lib'],
      rounds: ROUNDS,
      // rclone at its defaults checks every key with a HeadObject first: ~30 s per run here, so one run.
      toolRounds: { rclone: 1 },
      timeoutMs: 300_000,
      skip: {},
      distant: true,
    },
    ...(
      [
        ['lat-big', mib(CONFIG.latBigBytes)],
        ['lat-big-1g', big],
      ] as const
    ).map(([id, size]): Workload => ({
      id,
      title: `One ${size} file → sink ${LATENCY_MS} ms away, ${CONFIG_RATE} per connection, no MD5 (real-S3 regime)`,
      unit: 'MiB/s',
      tools: DISTANT,
      rounds: ROUNDS,
      timeoutMs: 300_000,
      skip: {},
      distant: true,
      md5: false,
    })),
    {
      id: 'budget',
      title: `Memory budget: ${CONFIG.budgetFiles} files × ${mib(CONFIG.budgetFileSize)} → sink without MD5 (ours at defaults: ≤ 64 files, ≤ 32 parts each, memory-budget-mb ${MEMORY_BUDGET_MIB})`,
      unit: 'MiB/s',
      tools: ['ours', 'sdk', 'aws', 'ab-high', 'ab-lib'],
      rounds: ROUNDS,
      timeoutMs: 300_000,
      skip: {},
      md5: false,
    },
    {
      id: 'prune',
      title: `Prune ${CONFIG.pruneCount.toLocaleString('en-US')} objects under a prefix (synthetic listing at the sink)`,
      unit: 'objects/s',
      tools: ['ours', 'raw', 'sdk', 'aws'],
      rounds: ROUNDS,
      // ~50 s per run of the aws CLI: its rate varies little, so one run.
      toolRounds: { aws: 1 },
      timeoutMs: 900_000,
      skip: {},
    },
    {
      // The aws CLI deletes one object per request (~380/s here): four to five minutes per run at this
      // size, so it runs once.
      id: 'prune-100k',
      title: `Prune ${CONFIG.pruneLarge.toLocaleString('en-US')} objects under a prefix (synthetic listing at the sink)`,
      unit: 'objects/s',
      tools: ['ours', 'raw', 'sdk', 'aws'],
      rounds: ROUNDS,
      toolRounds: { aws: 1 },
      timeoutMs: 900_000,
      skip: {},
    },
    {
      id: 'moto-files',
      title: `${files} files × ${CONFIG.fileSize / KIB} KiB → moto_server (realism: a store that keeps the data)`,
      unit: 'files/s',
      tools: UPLOADERS,
      rounds: ROUNDS,
      timeoutMs: 600_000,
      skip: {},
    },
  ];
  const chosen = ONLY ? all.filter((w) => ONLY.includes(w.id)) : all;
  return TOOLS ? chosen.map((w) => ({ ...w, tools: w.tools.filter((t) => TOOLS.includes(t)) })) : chosen;
}

// ---- state shared by the runs ------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'aws-task-pack-bench-'));
const plainSink = new Sink(BUCKET);
/** The sink the current workload talks to: the plain one, or the HTTPS one for `tls-big`. */
let sink = plainSink;
/** The HTTPS sink and its certificate (PEM file), started only when a workload needs it. */
let tls: { sink: Sink; caFile: string } | undefined;
let moto: Moto | undefined;
let motoClient: S3Client | undefined;
let seq = 0;

function sinkTarget(): Target {
  const caFile = sink === tls?.sink ? tls.caFile : undefined;
  return { name: 'sink', endpoint: sink.endpoint, port: sink.port, bucket: BUCKET, caFile };
}

/** A throw-away certificate for 127.0.0.1 (openssl), and an HTTPS sink that serves it. */
async function startTlsSink(): Promise<{ sink: Sink; caFile: string }> {
  const key = join(scratch, 'tls-key.pem');
  const cert = join(scratch, 'tls-cert.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'pipe' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  const tlsSink = new Sink(BUCKET, { key: readFileSync(key), cert: readFileSync(cert) });
  await tlsSink.start();
  return { sink: tlsSink, caFile: cert };
}

function lastLine(m: Measured): string {
  const lines = m.outputTail
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function baseRecord(w: Workload, tool: ToolId, round: number, m: Measured, units: number): RunRecord {
  return {
    workload: w.id,
    tool,
    round,
    status: 'ok',
    units,
    wallSeconds: m.wallSeconds,
    cpuSeconds:
      m.userSeconds !== undefined && m.sysSeconds !== undefined ? m.userSeconds + m.sysSeconds : undefined,
    maxRssKiB: m.maxRssKiB,
  };
}

/** Compares what the store holds under the prefix with what was meant to be uploaded. */
function verifyObjects(
  stored: Map<string, { size: number; md5?: string }>,
  expected: Map<string, ExpectedObject>,
  checkMd5: boolean,
): string | undefined {
  let missing = 0;
  let wrongSize = 0;
  let wrongMd5 = 0;
  let bytes = 0;
  let expectedBytes = 0;
  for (const [key, e] of expected) {
    expectedBytes += e.size;
    const o = stored.get(key);
    if (!o) {
      missing++;
      continue;
    }
    bytes += o.size;
    if (o.size !== e.size) wrongSize++;
    if (checkMd5 && e.md5 && o.md5 !== e.md5) wrongMd5++;
  }
  const extra = [...stored.keys()].filter((k) => !expected.has(k)).length;
  const problems = [
    missing && `${missing} of ${expected.size} objects missing`,
    wrongSize && `${wrongSize} with the wrong size`,
    wrongMd5 && `${wrongMd5} with the wrong MD5`,
    extra && `${extra} unexpected objects`,
    !missing && bytes !== expectedBytes && `${bytes} bytes stored, ${expectedBytes} expected`,
  ].filter(Boolean);
  return problems.length ? problems.join(', ') : undefined;
}

async function resetMoto(): Promise<void> {
  const res = await fetch(`${moto!.endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset: HTTP ${res.status}`);
  await motoClient!.send(new CreateBucketCommand({ Bucket: BUCKET }));
}

async function motoObjects(prefix: string): Promise<Map<string, { size: number; md5?: string }>> {
  const out = new Map<string, { size: number; md5?: string }>();
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await motoClient!.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      const etag = (o.ETag ?? '').replace(/"/g, '');
      out.set(o.Key!, { size: o.Size ?? 0, md5: etag.includes('-') ? undefined : etag });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** One upload by one tool, then the correctness guard. */
async function runUpload(
  w: Workload,
  tool: Tool,
  round: number,
  source: Source,
  expectedRel: Map<string, ExpectedObject>,
  units: number,
): Promise<RunRecord> {
  const prefix = `${w.id}/${tool.id}-${round}/`;
  const onMoto = w.id === 'moto-files';
  const target: Target = onMoto
    ? { name: 'moto', endpoint: moto!.endpoint, port: moto!.port, bucket: BUCKET }
    : sinkTarget();
  if (onMoto) await resetMoto();
  else {
    sink.reset();
    sink.closeIdle();
    sink.md5 = w.md5 ?? true;
    sink.latencyMs = w.distant ? LATENCY_MS : 0;
    sink.connectionBytesPerSecond = w.distant ? CONNECTION_MB_S * 1e6 : 0;
  }
  const spec = tool.upload(target, source, prefix);
  // An HTTPS target: node (the SDK) and the aws CLI trust its certificate.
  if (target.caFile)
    spec.env = { ...spec.env, NODE_EXTRA_CA_CERTS: target.caFile, AWS_CA_BUNDLE: target.caFile };
  const m = await measure({ ...spec, timeoutMs: w.timeoutMs }, scratch, ++seq);
  const record = baseRecord(w, tool.id, round, m, units);
  if (!onMoto) {
    record.requests = sink.counters.requests;
    record.byOperation = { ...sink.counters.byOperation };
    record.connections = sink.counters.connections;
    if (sink.firstRequestAt !== undefined)
      record.firstRequestMs = Number(sink.firstRequestAt - m.spawnedAt) / 1e6;
  }
  const expected = new Map([...expectedRel].map(([rel, e]) => [prefix + rel, e]));
  if (m.exitCode !== 0) {
    record.status = 'invalid';
    record.reason = `exit ${m.exitCode ?? m.signal}: ${lastLine(m)}`;
    return record;
  }
  let stored: Map<string, { size: number; md5?: string }>;
  if (onMoto) stored = await motoObjects(prefix);
  else {
    stored = new Map([...sink.objects].filter(([k]) => k.startsWith(prefix)));
    const outside = sink.objects.size - stored.size;
    if (outside) {
      record.status = 'invalid';
      record.reason = `${outside} objects outside ${prefix}`;
      return record;
    }
    if (sink.counters.badDigests) {
      record.status = 'invalid';
      record.reason = `${sink.counters.badDigests} bodies did not match their Content-MD5`;
      return record;
    }
  }
  const problem = verifyObjects(stored, expected, onMoto || sink.md5);
  if (problem) {
    record.status = 'invalid';
    record.reason = problem;
  }
  return record;
}

async function runPrune(w: Workload, tool: Tool, round: number, count: number): Promise<RunRecord> {
  sink.reset();
  sink.closeIdle();
  sink.md5 = true;
  sink.latencyMs = 0;
  sink.connectionBytesPerSecond = 0;
  sink.synthetic = {
    prefix: PRUNE_PREFIX,
    count: count,
    size: KIB,
    lastModified: SYNTHETIC_TIME,
  };
  try {
    const spec = tool.prune!(sinkTarget(), PRUNE_PREFIX, count, OLDER_THAN);
    const m = await measure({ ...spec, timeoutMs: w.timeoutMs }, scratch, ++seq);
    const record = baseRecord(w, tool.id, round, m, count);
    record.requests = sink.counters.requests;
    record.byOperation = { ...sink.counters.byOperation };
    record.connections = sink.counters.connections;
    if (sink.firstRequestAt !== undefined)
      record.firstRequestMs = Number(sink.firstRequestAt - m.spawnedAt) / 1e6;
    if (m.exitCode !== 0) {
      const notImplemented = tool.id === 'ours' && /is not implemented yet/i.test(m.outputTail);
      record.status = notImplemented ? 'skipped' : 'invalid';
      record.reason = notImplemented ? 'not implemented' : `exit ${m.exitCode ?? m.signal}: ${lastLine(m)}`;
      return record;
    }
    const deleted = sink.deletedSynthetic.size;
    if (deleted !== count) {
      record.status = 'invalid';
      record.reason = `${deleted} of ${count} objects deleted`;
    }
    return record;
  } finally {
    sink.synthetic = undefined;
  }
}

function describe(r: RunRecord, unit: string): string {
  const rate =
    unit === 'ms'
      ? `first request ${r.firstRequestMs !== undefined ? num(r.firstRequestMs) : '?'} ms, exit after ${num(r.wallSeconds * 1000)} ms`
      : `${num(r.units / r.wallSeconds)} ${unit} (${num(r.wallSeconds)} s)`;
  const extra = [
    r.cpuSeconds !== undefined ? `cpu ${num(r.cpuSeconds)} s` : '',
    r.maxRssKiB !== undefined ? `rss ${num(r.maxRssKiB / KIB)} MiB` : '',
    r.requests !== undefined ? `${r.requests} req` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return r.status === 'ok' ? `${rate}; ${extra}` : `${r.status.toUpperCase()}: ${r.reason} (${rate})`;
}

// ---- tables --------------------------------------------------------------------------------------------

function operationsOf(r: RunRecord | undefined): string {
  if (!r?.byOperation) return '';
  return Object.entries(r.byOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => `${op} ${n.toLocaleString('en-US')}`)
    .join(', ')
    .concat(
      r.connections !== undefined ? `; ${r.connections} TCP connection${r.connections === 1 ? '' : 's'}` : '',
    );
}

function tableFor(w: Workload, records: RunRecord[], tools: Map<ToolId, Tool>): Table {
  const mine = records.filter((r) => r.workload === w.id);
  const ok = (id: ToolId): RunRecord[] => mine.filter((r) => r.tool === id && r.status === 'ok');
  const rate = (rs: RunRecord[]) => spread(rs.map((r) => r.units / r.wallSeconds));
  const raw = rate(ok('raw'));
  const notes: string[] = [];
  const invalidNotes: string[] = [];
  const rows: string[][] = [];
  const mib = (k: number): string => num(k / KIB);
  for (const id of w.tools) {
    const tool = tools.get(id)!;
    const runs = mine.filter((r) => r.tool === id);
    const good = ok(id);
    const skipped = w.skip[id] ?? tool.missing ?? runs.find((r) => r.status === 'skipped')?.reason;
    const invalid = runs.filter((r) => r.status === 'invalid');
    const status = skipped ? `skipped: ${skipped}` : `${good.length}/${runs.length} valid`;
    for (const r of invalid) invalidNotes.push(`${tool.label}, round ${r.round}, invalid: ${r.reason}`);
    const cpu = withRange(spread(good.map((r) => r.cpuSeconds ?? NaN)));
    const rss = withRange(spread(good.map((r) => r.maxRssKiB ?? NaN)), mib);
    const requests = spread(good.map((r) => r.requests ?? NaN));
    const req = requests ? withRange(requests, (x) => Math.round(x).toLocaleString('en-US')) : '—';
    if (good.length && good[0]!.byOperation) notes.push(`${tool.label}: ${operationsOf(good[0])}`);
    if (w.unit === 'ms') {
      rows.push([
        tool.label,
        withRange(spread(good.map((r) => r.firstRequestMs ?? NaN)), (x) =>
          Math.round(x).toLocaleString('en-US'),
        ),
        withRange(spread(good.map((r) => r.wallSeconds * 1000)), (x) =>
          Math.round(x).toLocaleString('en-US'),
        ),
        cpu,
        rss,
        status,
      ]);
      continue;
    }
    const r = rate(good);
    const pct = r && raw ? (100 * r.median) / raw.median : undefined;
    const fraction = pct === undefined ? '—' : `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
    const first = spread(good.map((x) => (x.firstRequestMs ?? NaN) / 1000));
    rows.push([
      tool.label,
      withRange(r),
      fraction,
      withRange(spread(good.map((x) => x.wallSeconds))),
      ...(w.id === 'moto-files' ? [] : [withRange(first)]),
      cpu,
      rss,
      ...(w.id === 'moto-files' ? [] : [req]),
      status,
    ]);
  }
  const columns =
    w.unit === 'ms'
      ? ['tool', 'to first request, ms', 'whole process, ms', 'CPU s', 'peak RSS MiB', 'runs']
      : [
          'tool',
          `${w.unit} median (min–max)`,
          'of raw',
          'wall s',
          ...(w.id === 'moto-files' ? [] : ['first request s']),
          'CPU s (user+sys)',
          'peak RSS MiB',
          ...(w.id === 'moto-files' ? [] : ['requests']),
          'runs',
        ];
  const oursRate = rate(ok('ours'));
  if (w.unit !== 'ms' && oursRate) {
    const ratios = w.tools
      .filter((id) => id !== 'ours' && !id.startsWith('ab-'))
      .map((id) => ({ id, r: rate(ok(id)) }))
      .filter((x) => x.r)
      .map((x) => `${tools.get(x.id)!.label} ${(oursRate.median / x.r!.median).toFixed(2)}×`);
    if (ratios.length) notes.push(`Ours (defaults) ÷ each, medians: ${ratios.join('; ')}.`);
  }
  const abRates = w.tools.filter((id) => id.startsWith('ab-')).map((id) => ({ id, r: rate(ok(id)) }));
  const bestFixed = abRates
    .filter((x) => x.id === 'ab-low' || x.id === 'ab-high')
    .sort((a, b) => (b.r?.median ?? 0) - (a.r?.median ?? 0))[0];
  const adaptive = abRates.find((x) => x.id === 'ab-ours');
  const lib = abRates.find((x) => x.id === 'ab-lib');
  const low = abRates.find((x) => x.id === 'ab-low');
  if (adaptive?.r && bestFixed?.r)
    notes.push(
      `A/B: adaptive ÷ best fixed (${tools.get(bestFixed.id)!.label.replace('A/B: our uploader, ', '')}) = ${(adaptive.r.median / bestFixed.r.median).toFixed(2)}.`,
    );
  if (lib?.r && low?.r) {
    const rss = (id: ToolId) => spread(ok(id).map((r) => r.maxRssKiB ?? NaN))?.median;
    const lr = rss('ab-lib');
    const or = rss('ab-low');
    notes.push(
      `A/B: lib-storage ÷ ours at the same 8 × 4: throughput ${(lib.r.median / low.r.median).toFixed(2)}${lr && or ? `, peak RSS ${(lr / or).toFixed(2)}` : ''}.`,
    );
  }
  const once = abRates.find((x) => x.id === 'ab-crc');
  if (once?.r && adaptive?.r)
    notes.push(
      `A/B: hashed once (CRC32 parts, as on AWS) ÷ twice (SHA-256-signed parts) = ${(once.r.median / adaptive.r.median).toFixed(2)}.`,
    );
  if (w.id === 'budget') {
    const rss = spread(ok('ours').map((r) => (r.maxRssKiB ?? NaN) / KIB));
    if (rss)
      notes.push(
        `Budget check: ours peaked at ${num(rss.max)} MiB RSS (median ${num(rss.median)}), against memory-budget-mb ${MEMORY_BUDGET_MIB} + 100 MB = ${num(MEMORY_BUDGET_MIB + 100e6 / MIB)} MiB: ${rss.max <= MEMORY_BUDGET_MIB + 100e6 / MIB ? 'within' : 'OVER'}.`,
      );
  }
  if (w.id !== 'moto-files' && notes.length)
    notes.unshift('Requests by operation and TCP connections opened (first valid run):');
  else notes.length = 0;
  return { title: w.title, columns, rows, notes: [...notes, ...invalidNotes] };
}

// ---- main ------------------------------------------------------------------------------------------------

function gitDescribe(): string {
  const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'package.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  return `${sha || 'unknown'}${dirty ? ' + uncommitted changes in src/' : ''}`;
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  // Other work on the machine skews every figure: the load average says how quiet it was.
  const loadAtStart = loadavg();
  if (loadAtStart[0]! > availableParallelism() / 2)
    console.log(
      `warning: load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} before the bench: other work will skew the figures`,
    );
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const bundle = join(ROOT, 'dist', 'index.js');
  if (!existsSync(bundle))
    throw new Error('dist/index.js is missing: run `npm run build` (npm run bench does)');

  console.log(
    `aws-task-pack bench${QUICK ? ' (BENCH_QUICK: smoke sizes, one round)' : ''}; scratch ${scratch}`,
  );
  if (!hasGnuTime())
    console.log('GNU time (/usr/bin/time) not found: CPU seconds and peak RSS are not measured.');
  await sink.start();
  const { tools: toolList, versions } = makeTools({ root: ROOT, scratch, awsRaisedConcurrency: AWS_RAISED });
  const tools = new Map(toolList.map((t) => [t.id, t]));
  const skippedPeers = toolList.filter((t) => t.missing).map((t) => `${t.label}: ${t.missing}`);
  for (const s of skippedPeers) console.log(`skipping ${s}`);

  let list = workloads();
  if (list.some((w) => w.id === 'tls-big')) {
    try {
      tls = await startTlsSink();
    } catch (err) {
      console.log(`skipping the HTTPS workload: ${(err as Error).message.split('\n')[0]}`);
      list = list.filter((w) => w.id !== 'tls-big');
    }
  }
  const needMoto = list.some((w) => w.id === 'moto-files');
  let motoVersion = versions.moto;
  if (needMoto) {
    try {
      moto = await startMoto({ env: { AWS_EC2_METADATA_DISABLED: 'true' } });
      motoClient = new S3Client({
        region: REGION,
        endpoint: moto.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      });
    } catch (err) {
      motoVersion = `not available (${(err as Error).message.split('\n')[0]})`;
      console.log(`skipping moto_server workloads: ${motoVersion}`);
    }
  }

  console.log('writing the data set…');
  const small: SmallFiles = writeSmallFiles(scratch, CONFIG.files, CONFIG.fileSize);
  const bigFile = list.some((w) => ['big-md5', 'big-nomd5', 'lat-big-1g', 'tls-big'].includes(w.id))
    ? writeBigFile(scratch, CONFIG.bigBytes)
    : '';
  const latDir = join(scratch, 'distant');
  mkdirSync(latDir, { recursive: true });
  const latBigFile = list.some((w) => w.id === 'lat-big') ? writeBigFile(latDir, CONFIG.latBigBytes) : '';
  const budgetFiles = list.some((w) => w.id === 'budget')
    ? writeSmallFiles(join(scratch, 'budget'), CONFIG.budgetFiles, CONFIG.budgetFileSize)
    : undefined;
  const firstRel = [...small.expected.keys()][0]!;
  const one: Source = { kind: 'file', file: join(small.dir, firstRel), name: basename(firstRel) };
  const oneExpected = new Map([[basename(firstRel), small.expected.get(firstRel)!]]);
  const bigExpected = new Map([['big.bin', { size: CONFIG.bigBytes }]]);

  const records: RunRecord[] = [];
  for (const w of list) {
    if (w.id === 'moto-files' && !moto) continue;
    sink = w.id === 'tls-big' ? tls!.sink : plainSink;
    console.log(`\n== ${w.title}`);
    for (const id of w.tools) {
      const reason = w.skip[id] ?? tools.get(id)!.missing;
      if (reason) console.log(`   ${id}: skipped (${reason})`);
    }
    for (let round = 1; round <= w.rounds; round++) {
      for (const id of w.tools) {
        const tool = tools.get(id)!;
        if (w.skip[id] || tool.missing) continue;
        if (round > (w.toolRounds?.[id] ?? w.rounds)) continue;
        if (records.some((r) => r.workload === w.id && r.tool === id && r.status === 'skipped')) continue;
        let record: RunRecord;
        if (w.id === 'prune') record = await runPrune(w, tool, round, CONFIG.pruneCount);
        else if (w.id === 'prune-100k') record = await runPrune(w, tool, round, CONFIG.pruneLarge);
        else if (w.id === 'cold') record = await runUpload(w, tool, round, one, oneExpected, 1);
        else if (w.id === 'lat-big')
          record = await runUpload(
            w,
            tool,
            round,
            { kind: 'file', file: latBigFile, name: 'big.bin' },
            new Map([['big.bin', { size: CONFIG.latBigBytes }]]),
            CONFIG.latBigBytes / MIB,
          );
        else if (w.id === 'budget')
          record = await runUpload(
            w,
            tool,
            round,
            { kind: 'dir', dir: budgetFiles!.dir },
            budgetFiles!.expected,
            budgetFiles!.bytes / MIB,
          );
        else if (w.id.startsWith('big') || w.id === 'lat-big-1g' || w.id === 'tls-big')
          record = await runUpload(
            w,
            tool,
            round,
            { kind: 'file', file: bigFile, name: 'big.bin' },
            bigExpected,
            CONFIG.bigBytes / MIB,
          );
        else
          record = await runUpload(
            w,
            tool,
            round,
            { kind: 'dir', dir: small.dir },
            small.expected,
            CONFIG.files,
          );
        records.push(record);
        console.log(`   [${round}/${w.rounds}] ${id.padEnd(7)} ${describe(record, w.unit)}`);
      }
    }
  }

  const tables = list.filter((w) => w.id !== 'moto-files' || moto).map((w) => tableFor(w, records, tools));
  const distDir = join(ROOT, 'dist');
  const chunks = readdirSync(distDir).filter((f) => /^\d+\.index\.js$/.test(f));
  // What a lazily loaded chunk is for, from the module markers ncc leaves in it.
  const chunkHolds = (name: string): string => {
    const text = readFileSync(join(distDir, name), 'utf8');
    const operations = [
      ...new Set([...text.matchAll(/MODULE: \.\/src\/operations\/([a-z-]+)\//g)].map((m) => m[1])),
    ];
    if (operations.length) return operations.sort().join(', ');
    if (text.includes('@octokit')) return 'GitHub client';
    if (text.includes('node_modules/minimatch/')) return 'glob matching';
    return 'shared by operations';
  };
  const fileRow = (name: string, when: string): string[] => {
    const bytes = statSync(join(distDir, name)).size;
    return [
      `dist/${name}`,
      when,
      bytes.toLocaleString('en-US'),
      num(bytes / MIB),
      num(gzipSync(readFileSync(join(distDir, name)), { level: 9 }).length / MIB),
    ];
  };
  // Start-up alone: the bundle failing on a missing input, the measure the issue quotes for
  // configure-aws-credentials' bundle (~170–220 ms on this machine; that bundle is not fetched here).
  const failTimes: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, [bundle], { env: { PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
    failTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const bundleTable: Table = {
    title: 'Bundle',
    columns: ['file', 'loaded', 'bytes', 'MiB', 'gzip -9 MiB'],
    rows: [fileRow('index.js', 'at start'), ...chunks.map((c) => fileRow(c, `on demand (${chunkHolds(c)})`))],
    notes: [
      `\`node dist/index.js\` with no inputs (exit 1 on the missing \`operation\`): ${withRange(spread(failTimes), (v) => num(v))} ms over 11 runs (median, min–max).`,
    ],
  };
  tables.splice(1, 0, bundleTable);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  console.log('');
  for (const t of tables) console.log(`${plainTable(t)}\n`);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const machine = {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    cpu: cpuModel(),
    kernel: release(),
    versions: { ...versions, moto: motoVersion },
    ours: `aws-task-pack ${pkg.version}, commit ${gitDescribe()}`,
    seconds,
    load: { start: loadAtStart, end: loadavg() },
    quick: QUICK,
    selection:
      ONLY || TOOLS
        ? [
            ONLY ? `workloads ${list.map((w) => w.id).join(', ')} only` : '',
            TOOLS ? `tools ${TOOLS.join(', ')} only` : '',
            'slow peers run once where a table says 1/1',
          ]
            .filter(Boolean)
            .join('; ')
        : undefined,
    rounds: ROUNDS,
    coldRounds: CONFIG.coldRounds,
  };
  const skipped = [
    ...skippedPeers,
    ...list.flatMap((w) =>
      Object.entries(w.skip).map(([id, why]) => `${tools.get(id as ToolId)!.label} in “${w.title}”: ${why}`),
    ),
    ...records
      .filter((r) => r.status === 'skipped' && r.round === 1)
      .map((r) => `${tools.get(r.tool)!.label} in ${r.workload}: ${r.reason}`),
    ...(needMoto && !moto ? [`moto_server: ${motoVersion}`] : []),
  ];
  const invalid = records.filter((r) => r.status === 'invalid');
  console.log(`Skipped: ${skipped.length ? skipped.join('; ') : 'none'}`);
  console.log(`Invalid runs: ${invalid.length}`);
  for (const r of invalid) console.log(`  ${r.workload} ${r.tool} #${r.round}: ${r.reason}`);
  console.log(`Total bench wall time: ${num(seconds)} s`);

  // `BENCH_WRITE=1` records a partial run too (the table says which workloads ran).
  if ((QUICK || ONLY || TOOLS || process.env.BENCH_ROUNDS) && process.env.BENCH_WRITE !== '1') {
    console.log('BENCHMARKS.md left unchanged (smoke, partial or non-default run).');
    return;
  }
  writeBenchmarksMd(
    join(ROOT, 'BENCHMARKS.md'),
    machine,
    tables.map(markdownTable),
    skipped,
    invalid.map((r) => `${r.workload} / ${tools.get(r.tool)!.label} / round ${r.round}: ${r.reason}`),
  );
  console.log('Wrote BENCHMARKS.md');
}

async function cleanup(): Promise<void> {
  await plainSink.stop().catch(() => undefined);
  await tls?.sink.stop().catch(() => undefined);
  motoClient?.destroy();
  await moto?.stop().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}

process.once('SIGINT', () => {
  killCurrent();
  void cleanup().finally(() => process.exit(130));
});

try {
  await main();
} finally {
  await cleanup();
}
