/**
 * Support for the `upload-artifact` integration tests: running the built bundle in a chosen working
 * directory (relative `path` inputs resolve there, as on a runner), with static credentials; a proxy in
 * front of moto that can fail or hold chosen S3 requests; and naming the S3 object operations it saw.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CREDENTIALS } from './fixtures.js';
import { DIST, parseKeyValueFile, toRecord } from './harness.js';

// ---------------------------------------------------------------------------------------------------
// Running the bundle

export interface UploadRunSpec {
  inputs: Record<string, string>;
  /** The step's working directory. */
  cwd: string;
  /** Extra environment; `undefined` removes a default. */
  env?: Record<string, string | undefined>;
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

export interface UploadRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
  durationMs: number;
}

/** Directories `runUpload` made, removed by `cleanUpRuns`. */
const runDirs: string[] = [];

/**
 * Runs dist/index.js as the runner does (INPUT_* variables, runner files, a clean environment) with
 * static keys for the default credential chain and the given working directory. The harness's
 * `runBundle` has no working directory, hence this small twin.
 */
export async function runUpload(spec: UploadRunSpec): Promise<UploadRunResult> {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
  const dir = await mkdtemp(join(tmpdir(), 'atp-upload-it-'));
  runDirs.push(dir);
  const files = {
    output: join(dir, 'github_output'),
    env: join(dir, 'github_env'),
    summary: join(dir, 'step_summary'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const runnerTemp = await mkdtemp(join(dir, 'runner-temp-'));
  const home = await mkdtemp(join(dir, 'home-'));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/aws-task-pack',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'integration',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: spec.cwd,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runnerTemp,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-such-credentials'),
    AWS_CONFIG_FILE: join(dir, 'no-such-config'),
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  for (const [name, value] of Object.entries(spec.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, spec.env);
  const cleanEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );

  const started = Date.now();
  const child = spawn(process.execPath, [DIST], {
    cwd: spec.cwd,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  spec.onSpawn?.(child);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs ?? 60_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c, s) => {
        clearTimeout(timer);
        resolve({ code: c, signal: s });
      });
    },
  );
  const [outputText, summary] = await Promise.all([
    readFile(files.output, 'utf8'),
    readFile(files.summary, 'utf8'),
  ]);
  return {
    code,
    signal,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    outputs: toRecord(parseKeyValueFile(outputText)),
    summary,
    runnerTemp,
    durationMs: Date.now() - started,
  };
}

export async function cleanUpRuns(): Promise<void> {
  await Promise.all(runDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Fails with the run's whole output when it did not exit with `code`. */
export function expectCode(result: UploadRunResult, code: number): void {
  if (result.code !== code)
    throw new Error(
      `The action exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected ${code}.\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
}

// ---------------------------------------------------------------------------------------------------
// S3 object operations on the wire

/** The S3 object-level operation of a path-style request. */
export function objectOperation(method: string, path: string): string {
  const q = new URL(path, 'http://proxy').searchParams;
  if (method === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'PUT' && q.has('partNumber')) return 'UploadPart';
  if (method === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (method === 'GET' && q.has('uploads')) return 'ListMultipartUploads';
  if (
    method === 'GET' &&
    (q.has('list-type') || new URL(path, 'http://proxy').pathname.split('/').filter(Boolean).length === 1)
  )
    return 'ListObjects';
  return { PUT: 'PutObject', HEAD: 'HeadObject', GET: 'GetObject', DELETE: 'DeleteObject' }[method] ?? method;
}

/** Requests that write: anything but GET and HEAD. */
export const writes = <T extends { method: string }>(requests: T[]): T[] =>
  requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

// ---------------------------------------------------------------------------------------------------
// A proxy that can fail or hold requests

export interface SeenRequest {
  method: string;
  path: string;
  operation: string;
  /** The answer's status; undefined while held or when the client gave up first. */
  status?: number;
  held?: boolean;
  /** The proxy answered it with an injected error (it never reached moto). */
  injected?: boolean;
  /** The answer's body when it was an error. */
  error?: string;
}

/** What to do with a request: forward it, answer it with an error, or hold it (never answer). */
export type Rule = (r: SeenRequest) => 'forward' | 'hold' | { status: number; code: string };

export interface FaultProxy {
  endpoint: string;
  requests: SeenRequest[];
  rule: Rule;
  /** Resolves when a request matching `predicate` has been seen (and, for forwarded ones, answered). */
  waitFor(predicate: (r: SeenRequest) => boolean, timeoutMs?: number): Promise<SeenRequest>;
  close(): Promise<void>;
}

/**
 * Records every request (with its S3 operation) and applies `rule`: forwarded requests go to
 * `target` unchanged; an error rule answers an S3 XML error; a held request is never answered — a
 * proxy slowed to a stop — until the client gives up or the proxy closes.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: SeenRequest[] = [];
  const waiters: Array<{ predicate: (r: SeenRequest) => boolean; resolve: (r: SeenRequest) => void }> = [];
  const held = new Set<ServerResponse>();
  const notify = (r: SeenRequest): void => {
    for (const w of [...waiters])
      if (w.predicate(r)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(r);
      }
  };
  const proxy: FaultProxy = {
    endpoint: '',
    requests,
    rule: () => 'forward',
    waitFor(predicate, timeoutMs = 30_000) {
      const done = requests.find(predicate);
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('waitFor: no such request in time')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    close: () => {
      for (const res of held) res.destroy();
      return closeServer(server);
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const record: SeenRequest = {
        method: req.method ?? 'GET',
        path,
        operation: objectOperation(req.method ?? 'GET', path),
      };
      requests.push(record);
      const decision = proxy.rule(record);
      if (decision === 'hold') {
        record.held = true;
        held.add(res);
        res.on('close', () => held.delete(res));
        notify(record);
        return;
      }
      if (decision !== 'forward') {
        record.status = decision.status;
        record.injected = true;
        res
          .writeHead(decision.status, { 'content-type': 'application/xml' })
          .end(
            `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${decision.code}</Code><Message>injected by the test proxy</Message><RequestId>fault-1</RequestId></Error>`,
          );
        notify(record);
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
        (up) => {
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            record.status = up.statusCode;
            if ((up.statusCode ?? 500) >= 300) record.error = Buffer.concat(parts).toString('utf8');
            res.writeHead(up.statusCode ?? 502, up.headers).end(Buffer.concat(parts));
            notify(record);
          });
        },
      );
      forward.on('error', (e) => {
        record.status = 502;
        res.writeHead(502).end(String(e));
        notify(record);
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  proxy.endpoint = `http://127.0.0.1:${port}`;
  return proxy;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
