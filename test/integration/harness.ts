import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startMoto, type Moto } from '../support/moto.js';
import { REGION, TEST_CREDENTIALS, type SecretFixture } from './fixtures.js';

// The test process itself must never fall back to the instance metadata service.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const NODE24 = ['npx', '-y', '-p', 'node@24', 'node'];

// ---------------------------------------------------------------------------------------------------
// Runner files

export interface KeyValueEntry {
  name: string;
  value: string;
}

/**
 * Parses a `GITHUB_OUTPUT`/`GITHUB_ENV` file the way the runner does: `name=value` lines and
 * `name<<DELIMITER` … `DELIMITER` blocks (what @actions/core writes). Throws on anything else, so a
 * malformed file fails the test instead of being half-read.
 */
export function parseKeyValueFile(text: string): KeyValueEntry[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const entries: KeyValueEntry[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i++]!;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq > 0 && (heredoc < 0 || eq < heredoc)) {
      entries.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
      continue;
    }
    if (heredoc <= 0) throw new Error(`Malformed runner file line ${i}: ${JSON.stringify(line)}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const value: string[] = [];
    while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]!);
    if (i >= lines.length) throw new Error(`Runner file: ${name} has no closing ${delimiter}`);
    i++;
    entries.push({ name, value: value.join('\n') });
  }
  return entries;
}

/** Later entries win, as in the runner. */
export function toRecord(entries: KeyValueEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) out[e.name] = e.value;
  return out;
}

// ---------------------------------------------------------------------------------------------------
// GitHub's OIDC token endpoint

export interface TokenRequest {
  audience: string | null;
  authorized: boolean;
  apiVersion: string | null;
  /** The token handed out, when the request was accepted. */
  token?: string;
}

export interface TokenServer {
  /** Base URL as the runner gives it in `ACTIONS_ID_TOKEN_REQUEST_URL` (with its own query). */
  url: string;
  requestToken: string;
  requests: TokenRequest[];
  close(): Promise<void>;
}

const b64url = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * A stand-in for the runner's ID token endpoint: checks `Authorization: Bearer <request token>` and
 * the `audience` query parameter, and answers `{"value": "<JWT>"}` with a fresh token each time.
 * The token is JWT-shaped but unsigned: moto's STS accepts any token for AssumeRoleWithWebIdentity,
 * whereas real STS verifies its signature, issuer, audience and expiry against the OIDC provider.
 */
export async function startTokenServer(): Promise<TokenServer> {
  const requestToken = `runner-request-token-${randomBytes(12).toString('hex')}`;
  const requests: TokenRequest[] = [];
  let serial = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const audience = url.searchParams.get('audience');
    const authorized = req.headers.authorization === `Bearer ${requestToken}`;
    const entry: TokenRequest = { audience, authorized, apiVersion: url.searchParams.get('api-version') };
    requests.push(entry);
    if (req.method !== 'GET' || url.pathname !== '/idtoken') {
      res.writeHead(404).end();
      return;
    }
    if (!authorized) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad request token"}');
      return;
    }
    if (!audience) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"audience missing"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const token = [
      b64url({ alg: 'RS256', typ: 'JWT', kid: 'integration-test' }),
      b64url({
        iss: 'https://token.actions.githubusercontent.com',
        aud: audience,
        sub: 'repo:octo-org/aws-task-pack:ref:refs/heads/main',
        iat: now,
        exp: now + 300,
        jti: `jti-${++serial}-${randomBytes(6).toString('hex')}`,
      }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    entry.token = token;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: token }));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
    requestToken,
    requests,
    close: () => closeServer(server),
  };
}

// ---------------------------------------------------------------------------------------------------
// A counting proxy in front of moto

export interface ProxiedRequest {
  method: string;
  path: string;
  /** `secretsmanager.GetSecretValue`-style target (JSON protocols) or STS `Action`. */
  operation: string;
  userAgent: string;
  /** The access key id the request was signed with (none for AssumeRoleWithWebIdentity). */
  accessKeyId?: string;
  /** The region of the signature's credential scope. */
  region?: string;
  /** The request line held a full URL: the client used this server as its HTTP proxy. */
  absoluteForm: boolean;
  body: string;
  status?: number;
  responseBody?: string;
}

export interface CountingProxy {
  endpoint: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

function operationOf(headers: IncomingHttpHeaders, path: string, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const cbor = /\/operation\/([A-Za-z]+)/.exec(path);
  if (cbor) return cbor[1]!;
  const action =
    new URLSearchParams(body).get('Action') ?? new URL(path, 'http://x').searchParams.get('Action');
  return action ?? `${path}`;
}

/**
 * An HTTP endpoint that records every request (and its answer) and forwards it to `target`
 * (moto). Without a target it answers 503 to everything: a pure counter for runs that must make
 * no request at all. It also serves as a plain HTTP proxy (`HTTP_PROXY`): requests in absolute form
 * are forwarded to the target all the same, and marked.
 */
export async function startCountingProxy(target?: string): Promise<CountingProxy> {
  const requests: ProxiedRequest[] = [];
  const upstream = target ? new URL(target) : undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const absoluteForm = /^https?:\/\//.test(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = `${url.pathname}${url.search}`;
      const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '');
      const record: ProxiedRequest = {
        method: req.method ?? 'GET',
        path,
        operation: operationOf(req.headers, path, body.toString('utf8')),
        userAgent: [req.headers['user-agent'], req.headers['x-amz-user-agent']].filter(Boolean).join(' '),
        accessKeyId: scope?.[1],
        region: scope?.[2],
        absoluteForm,
        body: body.toString('utf8'),
      };
      requests.push(record);
      if (!upstream) {
        record.status = 503;
        res.writeHead(503).end();
        return;
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path,
          headers: req.headers,
        },
        (up) => {
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            const answer = Buffer.concat(parts);
            record.status = up.statusCode;
            record.responseBody = answer.toString('utf8');
            res.writeHead(up.statusCode ?? 502, up.headers).end(answer);
          });
        },
      );
      forward.on('error', (err) => {
        record.status = 502;
        res.writeHead(502).end(String(err));
      });
      forward.end(body);
    });
  });
  // HTTPS through a proxy starts with CONNECT: counted, and refused.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    requests.push({
      method: 'CONNECT',
      path: req.url ?? '',
      operation: `CONNECT ${req.url ?? ''}`,
      userAgent: req.headers['user-agent'] ?? '',
      absoluteForm: false,
      body: '',
      status: 503,
    });
    socket.end('HTTP/1.1 503 Service Unavailable\r\n\r\n');
  });
  const port = await listen(server);
  return { endpoint: `http://127.0.0.1:${port}`, requests, close: () => closeServer(server) };
}

export interface HangingServer {
  endpoint: string;
  /** Resolves when the first request has arrived (and is being held). */
  firstRequest: Promise<void>;
  close(): Promise<void>;
}

/** Accepts requests and never answers them: an endpoint that hangs. */
export async function startHangingServer(): Promise<HangingServer> {
  let arrived!: () => void;
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer(() => arrived());
  const port = await listen(server);
  return { endpoint: `http://127.0.0.1:${port}`, firstRequest, close: () => closeServer(server) };
}

/** Values the proxy saw Secrets Manager hand out: `SecretString`s, and `SecretBinary` as bytes. */
export function secretsReceived(requests: ProxiedRequest[]): Array<{ text?: string; binary?: Buffer }> {
  const out: Array<{ text?: string; binary?: Buffer }> = [];
  const take = (entry: { SecretString?: string; SecretBinary?: string }): void => {
    if (entry.SecretString !== undefined) out.push({ text: entry.SecretString });
    if (entry.SecretBinary !== undefined) out.push({ binary: Buffer.from(entry.SecretBinary, 'base64') });
  };
  for (const r of requests) {
    if (r.status !== 200 || !r.responseBody) continue;
    if (r.operation === 'GetSecretValue') take(JSON.parse(r.responseBody));
    if (r.operation === 'BatchGetSecretValue')
      for (const e of (JSON.parse(r.responseBody) as { SecretValues?: object[] }).SecretValues ?? []) take(e);
  }
  return out;
}

/** Credentials STS handed out (AssumeRole*), read from the XML answers the proxy saw. */
export function stsCredentialsReceived(requests: ProxiedRequest[]): string[] {
  const out: string[] = [];
  for (const r of requests) {
    if (!r.operation.startsWith('AssumeRole') || r.status !== 200 || !r.responseBody) continue;
    for (const tag of ['AccessKeyId', 'SecretAccessKey', 'SessionToken']) {
      const m = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(r.responseBody);
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Running a built entry point in a clean environment

/**
 * What every run starts from: nothing from the parent (no AWS_*, no proxies), a HOME of its own, no
 * instance metadata service and no shared config or credentials file (`dir` is where their names
 * point; nothing is there).
 */
export function cleanEnvironment(home: string, dir = home): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-such-credentials'),
    AWS_CONFIG_FILE: join(dir, 'no-such-config'),
  };
}

export interface EntrySpec {
  /** The built file to run: dist/index.js, dist/cli.js. */
  entry: string;
  args?: string[];
  /** The child's whole environment; `undefined` values are left out. */
  env: Record<string, string | undefined>;
  /** The working directory; default this process's. */
  cwd?: string;
  /** The interpreter; default this Node. */
  command?: string[];
  /** Called with the child process once it runs (to send it signals). */
  onSpawn?: (child: ChildProcess) => void;
  /** SIGKILL after this long; default 60 s. */
  timeoutMs?: number;
}

export interface EntryResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  durationMs: number;
}

/** Runs a built entry point to its end (or its timeout) and collects what it printed. */
export async function runEntry(spec: EntrySpec): Promise<EntryResult> {
  if (!existsSync(spec.entry)) throw new Error(`${spec.entry} is missing: run \`npm run build\` first.`);
  const env = Object.fromEntries(
    Object.entries(spec.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const [cmd, ...args] = spec.command ?? [process.execPath];
  const started = Date.now();
  const child = spawn(cmd!, [...args, spec.entry, ...(spec.args ?? [])], {
    cwd: spec.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  spec.onSpawn?.(child);
  const timeoutMs = spec.timeoutMs ?? 60_000;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
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
  const durationMs = Date.now() - started;
  const stdoutBytes = Buffer.concat(out);
  return {
    code,
    signal,
    stdout: stdoutBytes.toString('utf8'),
    stdoutBytes,
    stderr: Buffer.concat(err).toString('utf8'),
    durationMs,
  };
}

/** Fails with the run's whole output when it did not exit with `code`. */
export function expectExit(
  result: Pick<EntryResult, 'code' | 'signal' | 'stdout' | 'stderr'>,
  code: number,
  who = 'The action',
): void {
  if (result.code !== code)
    throw new Error(
      `${who} exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected ${code}.\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
}

// ---------------------------------------------------------------------------------------------------
// Running the bundle as the runner does

export interface RunSpec {
  /** Inputs by their `action.yml` name; become `INPUT_<NAME>` (upper-cased, dashes kept). */
  inputs: Record<string, string>;
  /** Extra environment; `undefined` removes one of the defaults. */
  env?: Record<string, string | undefined>;
  /** Give the step an ID token endpoint (`id-token: write`, from `ctx.tokens`); default true. */
  idToken?: boolean;
  /** Static keys for the default credential chain (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** The step's working directory, and `GITHUB_WORKSPACE`; default this process's (and none). */
  cwd?: string;
  /** The interpreter; default this Node. */
  command?: string[];
  /** Called with the child process once it runs (to send it signals). */
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

export interface RunResult extends EntryResult {
  stdoutLines: string[];
  outputs: Record<string, string>;
  outputEntries: KeyValueEntry[];
  env: Record<string, string>;
  envEntries: KeyValueEntry[];
  envFile: string;
  summary: string;
  runnerTemp: string;
  /** The run's temp directory (runner files, RUNNER_TEMP, HOME). */
  workDir: string;
  /** ID token requests made during this run. */
  tokenRequests: TokenRequest[];
  /** Requests that reached the endpoint during this run. */
  requests: ProxiedRequest[];
}

/** Runs dist/index.js as the runner does: INPUT_* variables, the runner's files, a clean environment. */
export async function runBundle(
  spec: RunSpec,
  ctx: { tokens?: TokenServer; proxy?: CountingProxy } = {},
): Promise<RunResult> {
  if (spec.idToken !== false && !ctx.tokens)
    throw new Error('An ID token endpoint needs ctx.tokens; pass idToken: false for a step without one.');
  const dir = await mkdtemp(join(tmpdir(), 'atp-it-'));
  const files = {
    output: join(dir, 'github_output'),
    env: join(dir, 'github_env'),
    summary: join(dir, 'step_summary'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const runnerTemp = await mkdtemp(join(dir, 'runner-temp-'));
  const home = await mkdtemp(join(dir, 'home-'));

  // Only what a runner sets.
  const env: Record<string, string | undefined> = {
    ...cleanEnvironment(home, dir),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/aws-task-pack',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'integration',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runnerTemp,
  };
  if (spec.cwd !== undefined) env.GITHUB_WORKSPACE = spec.cwd;
  if (spec.credentials) {
    env.AWS_ACCESS_KEY_ID = spec.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = spec.credentials.secretAccessKey;
  }
  if (spec.idToken !== false) {
    env.ACTIONS_ID_TOKEN_REQUEST_URL = ctx.tokens!.url;
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = ctx.tokens!.requestToken;
  }
  for (const [name, value] of Object.entries(spec.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, spec.env);

  const tokensBefore = ctx.tokens?.requests.length ?? 0;
  const requestsBefore = ctx.proxy?.requests.length ?? 0;
  const result = await runEntry({
    entry: DIST,
    env,
    cwd: spec.cwd,
    command: spec.command,
    onSpawn: spec.onSpawn,
    timeoutMs: spec.timeoutMs,
  });
  const [outputText, envText, summary] = await Promise.all([
    readFile(files.output, 'utf8'),
    readFile(files.env, 'utf8'),
    readFile(files.summary, 'utf8'),
  ]);
  const outputEntries = parseKeyValueFile(outputText);
  const envEntries = parseKeyValueFile(envText);
  return {
    ...result,
    stdoutLines: result.stdout.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1),
    outputs: toRecord(outputEntries),
    outputEntries,
    env: toRecord(envEntries),
    envEntries,
    envFile: envText,
    summary,
    runnerTemp,
    workDir: dir,
    tokenRequests: ctx.tokens?.requests.slice(tokensBefore) ?? [],
    requests: ctx.proxy?.requests.slice(requestsBefore) ?? [],
  };
}

/** The `::error::` annotations of a run (unescaped). */
export function errorAnnotations(result: RunResult): string[] {
  return result.stdoutLines
    .filter((l) => l.startsWith('::error'))
    .map((l) => unescapeCommandData(l.slice(l.indexOf('::', 2) + 2)));
}

/** @actions/core's escaping of a workflow command's data. */
export function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function unescapeCommandData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

// ---------------------------------------------------------------------------------------------------
// One moto, one proxy and one token endpoint per test file

export interface Harness {
  moto: Moto;
  /** Forwards to moto and records every request: the endpoint-url the scenarios use. */
  proxy: CountingProxy;
  tokens: TokenServer;
  /** A Secrets Manager client on moto (static test credentials), per region. */
  secrets(region?: string): SecretsManagerClient;
  /** Creates the secrets in the region (default REGION); returns their ARNs by name. */
  seed(fixtures: SecretFixture[], region?: string): Promise<Record<string, string>>;
  run(spec: RunSpec): Promise<RunResult>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const moto = await startMoto();
  const [proxy, tokens] = await Promise.all([startCountingProxy(moto.endpoint), startTokenServer()]);
  const clients = new Map<string, SecretsManagerClient>();
  const secrets = (region = REGION): SecretsManagerClient => {
    let client = clients.get(region);
    if (!client) {
      client = new SecretsManagerClient({
        region,
        endpoint: moto.endpoint,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 2,
      });
      clients.set(region, client);
    }
    return client;
  };
  const workDirs: string[] = [];
  return {
    moto,
    proxy,
    tokens,
    secrets,
    async seed(fixtures, region) {
      const arns: Record<string, string> = {};
      // A few at a time: moto_server is single-process.
      for (let i = 0; i < fixtures.length; i += 8)
        await Promise.all(
          fixtures.slice(i, i + 8).map(async (f) => {
            const out = await secrets(region).send(
              new CreateSecretCommand({ Name: f.name, SecretString: f.text, SecretBinary: f.binary }),
            );
            arns[f.name] = out.ARN!;
          }),
        );
      return arns;
    },
    async run(spec) {
      const result = await runBundle(spec, { tokens, proxy });
      workDirs.push(result.workDir);
      return result;
    },
    async stop() {
      for (const client of clients.values()) client.destroy();
      await Promise.all(workDirs.map((d) => rm(d, { recursive: true, force: true })));
      await Promise.allSettled([proxy.close(), tokens.close()]);
      await moto.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------------

/** Listens on a free loopback port. */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Closes a server, cutting the connections it still holds. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
