/**
 * Writes the figures of a full run into BENCHMARKS.md, between two markers. Text outside the markers
 * (notes written by hand) is kept; a missing file is created with the method and the earlier
 * reference figures around the markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:generated:start (written by `npm run bench`; edits inside are overwritten) -->';
const END = '<!-- bench:generated:end -->';

export interface MachineInfo {
  date: string;
  nproc: number;
  memory: string;
  cpu: string;
  kernel: string;
  versions: { node: string; aws: string; rclone: string; s3cmd: string; moto: string };
  ours: string;
  seconds: number;
  /** os.loadavg() (1, 5, 15 min) before and after the bench. */
  load: { start: number[]; end: number[] };
  quick: boolean;
  rounds: number;
  coldRounds: number;
  /** What a partial run (`BENCH_WRITE=1` with `BENCH_ONLY`/`BENCH_TOOLS`) left out, if it was one. */
  selection?: string;
}

const TEMPLATE_HEAD = `# Benchmarks

\`npm run bench\` builds \`dist/\` and runs every tool below side by side on this machine, in one run, and
rewrites the section between the markers. It is not part of \`npm test\` or CI. \`BENCH_QUICK=1 npm run bench\`
is a smoke run (200 files, 64 MiB, 2,000 objects, one round) that leaves this file alone.

## Method

- **Targets.** A sink started by the bench (\`bench/sink.ts\`): a plain \`node:http\` server on 127.0.0.1 that answers
  PutObject, the multipart calls (Create/UploadPart/Complete/Abort), HeadObject/HeadBucket, ListObjects(V2),
  DeleteObject(s) and the few bucket reads the peers make (GetBucketLocation, GetBucketVersioning,
  ListMultipartUploads, CreateBucket). It never stores a body: bodies are streamed through a byte counter and, in
  MD5 mode, an MD5 hash that becomes the ETag as on S3; objects are remembered as key → size (+ MD5) only. Without
  MD5 the ETag is the client's own \`Content-MD5\` when it sent one, otherwise made up. \`aws-chunked\` bodies are
  decoded before counting. A prune lists a synthetic set of N keys (LastModified 2020-01-01) that exists only as a
  counter. Then \`moto_server\` for realism (a store that parses, hashes and keeps every byte).
- **Ours** runs as the Actions runner runs it: \`node dist/index.js\` with every \`action.yml\` default as \`INPUT_*\`,
  then \`operation\`, \`bucket\`, \`path\`, \`key-prefix\`, \`endpoint-url\`, \`force-path-style: true\`, \`aws-region\`
  (so \`manifest\` and \`job-summary\` keep their default \`true\`), static keys in \`AWS_ACCESS_KEY_ID\`/\`AWS_SECRET_ACCESS_KEY\`,
  fresh \`GITHUB_OUTPUT\`/\`GITHUB_ENV\`/\`GITHUB_STEP_SUMMARY\` files and \`RUNNER_TEMP\` per run.
- **Peers**: \`aws s3 cp --recursive\` / \`aws s3 rm --recursive\` with defaults, and again with
  \`max_concurrent_requests = 32\` (ours keeps up to \`concurrency\` × \`part-concurrency\` = 8 × 4 requests in flight),
  through a temporary \`AWS_CONFIG_FILE\` (path-style); \`rclone copy\` (provider Other, path-style, temporary
  \`--config\`); \`s3cmd put --recursive\` (temporary \`-c\` file, no TLS); a plain AWS SDK v3 script
  (\`bench/peers/sdk.ts\`: PutObject with 8 in flight, \`@aws-sdk/lib-storage\` \`Upload\` with its defaults, a
  ListObjectsV2 → DeleteObjects loop), all with SDK/tool defaults otherwise. The real executables are run, not
  pyenv shims.
- **Prune**: ours runs \`operation: prune\`, \`dry-run: false\`, \`max-deletes\` = N and \`older-than: 2021-01-01\` (after
  the synthetic objects' date: prune refuses an \`older-than\` instant in the future); the peers are
  \`aws s3 rm --recursive\`, the SDK loop and the raw client. The raised-concurrency aws CLI is not run here: trial runs
  gave the same rate as the default (\`aws s3 rm\` is CPU-bound in one Python process) and it costs two minutes per
  round. rclone and s3cmd are upload peers only. If \`prune\` is not implemented in the bundle, ours is reported as
  skipped.
- **Ceiling**: \`bench/peers/raw-http.ts\`, a raw \`node:http\` client with keep-alive sockets and no signing or
  checksums (read + PUT with 8 in flight; one streamed PUT; list + DeleteObjects). "of raw" is each median rate as a
  fraction of its median on the same workload.
- **Timing**: every tool is a child process timed whole, from \`spawn\` to exit (\`process.hrtime\` in the bench).
  CPU seconds (user + sys) and peak RSS are the child's rusage from \`wait4()\`, read through GNU time
  (\`/usr/bin/time -f '%U %S %M'\`); they include the child's own children, if any. Cold start is the time from
  \`spawn\` until the sink receives the process's first request; "first request s" in the other tables is the same
  measure on that workload (start-up plus whatever a tool does before sending anything). Requests come from the
  sink's counters.
- **Runs**: tools are interleaved (A, B, C, A, B, C, …); medians with min–max over the valid runs.
- **Correctness guard**: after every run the store is checked against what was meant to be uploaded (every key,
  size, total bytes, no extra objects; MD5 of every small file where the store computes MD5) or deleted (every
  synthetic key exactly once). A run that fails the check or exits non-zero is marked invalid and left out of the
  figures.
- The data are random bytes written once per bench into a temporary directory; with 24 GiB of RAM every read is
  served from the page cache.
`;

const TEMPLATE_TAIL = `
## Earlier reference figures (quoted in the issue, measured before on this machine — not this run's)

These were measured earlier on this machine, with a different harness; they are kept for reference only and are
not produced by \`npm run bench\`.

| tool | 2,000 × 16 KiB | 1 GiB | peak RSS (1 GiB) |
|---|---:|---:|---:|
| aws CLI | 218 files/s | 308 MiB/s | 92 MB |
| rclone | 1,681 files/s | 161 MiB/s | — |
| s3cmd | 709 files/s | 206 MiB/s | — |
| plain SDK v3 + lib-storage script | 671 files/s | 182 MiB/s | 122 MB |
| plain \`node:http\` (limit) | 4,500 files/s | ~435 MiB/s (MD5 sink) / ~1,600 MiB/s (no MD5) | — |

| prune 20,000 objects | objects/s | requests |
|---|---:|---:|
| aws CLI (\`aws s3 rm --recursive\`) | 349 | 20,020 |
| plain SDK loop (ListObjectsV2 + DeleteObjects) | 20,400 | 40 |
| raw \`node:http\` | 143,600 | — |
`;

function generated(m: MachineInfo, tables: string[], skipped: string[], invalid: string[]): string {
  return [
    START,
    '',
    `## Latest run: ${m.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.memory} RAM, ${m.cpu}, Linux ${m.kernel}`,
    `- Node ${m.versions.node}; ${m.versions.aws}; ${m.versions.rclone}; ${m.versions.s3cmd}; ${m.versions.moto}`,
    `- Ours: ${m.ours} (bundle built by \`npm run build\` just before)`,
    `- ${m.rounds} interleaved rounds per workload (cold start: ${m.coldRounds}); bench wall time after the build: ${Math.round(m.seconds)} s`,
    ...(m.selection ? [`- Partial run: ${m.selection}`] : []),
    `- Load average (1/5/15 min) before: ${m.load.start.map((l) => l.toFixed(2)).join(' / ')}; after: ${m.load.end.map((l) => l.toFixed(2)).join(' / ')} (other work on the machine skews the figures)`,
    `- Skipped: ${skipped.length ? skipped.join('; ') : 'none'}`,
    `- Invalid runs: ${invalid.length ? invalid.join('; ') : 'none'}`,
    '',
    tables.join('\n\n'),
    '',
    END,
  ].join('\n');
}

export function writeBenchmarksMd(
  path: string,
  m: MachineInfo,
  tables: string[],
  skipped: string[],
  invalid: string[],
): void {
  const section = generated(m, tables, skipped, invalid);
  let text: string;
  if (existsSync(path)) {
    const old = readFileSync(path, 'utf8');
    const a = old.indexOf(START);
    const b = old.indexOf(END);
    text =
      a >= 0 && b > a
        ? old.slice(0, a) + section + old.slice(b + END.length)
        : `${old.trimEnd()}\n\n${section}\n`;
  } else text = `${TEMPLATE_HEAD}\n${section}\n${TEMPLATE_TAIL}`;
  writeFileSync(path, text);
}
