import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ActionHost } from '../../src/host/action-host.js';
import { IdTokenRequestError } from '../../src/host/host.js';

describe('ActionHost on the runner files (through @actions/core)', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let written: string[];

  // One directory for every test: core.summary remembers the summary file of its first write.
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atp-runner-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(() => {
    saved = { ...process.env };
    rmSync(join(dir, 'attacker'), { force: true });
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) {
      const file = join(dir, name);
      writeFileSync(file, '');
      process.env[name] = file;
    }
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.env = saved;
  });

  const file = (name: string): string => readFileSync(join(dir, name), 'utf8');

  it('reads inputs as the runner sets them: upper case, spaces as _, trimmed', () => {
    // The runner keeps the hyphens: `aws-region` arrives as INPUT_AWS-REGION.
    process.env['INPUT_AWS-REGION'] = '  eu-west-1 \n';
    process.env.INPUT_MY_INPUT = 'x';
    const host = new ActionHost();
    expect(host.getInput('aws-region')).toBe('eu-west-1');
    expect(host.getInput('my input')).toBe('x');
    expect(host.getInput('missing')).toBeUndefined();
  });

  it('appends outputs and variables as name<<delimiter blocks, and sets the variable for this process', () => {
    const host = new ActionHost();
    host.setOutput('manifest-path', '/tmp/m.json');
    host.setOutput('multi', 'a\nb');
    host.exportVariable('DB_USER', 'admin');
    expect(file('GITHUB_OUTPUT')).toMatch(
      /^manifest-path<<(ghadelimiter_\S+)\n\/tmp\/m\.json\n\1\nmulti<<(ghadelimiter_\S+)\na\nb\n\2\n$/,
    );
    expect(file('GITHUB_ENV')).toMatch(/^DB_USER<<(ghadelimiter_\S+)\nadmin\n\1\n$/);
    expect(process.env.DB_USER).toBe('admin');
  });

  it('masks, annotates, neutralises workflow commands in log lines and appends the summary', async () => {
    const host = new ActionHost();
    host.maskValue('s3cr3t\nline2');
    host.annotate('error', 'failed: 100%\nsee log');
    host.annotate('warning', 'careful');
    host.annotate('notice', 'fyi');
    host.writeLine('key ::set-env name=X::y\n::add-mask::nothing');
    await host.appendSummary('## One');
    await host.appendSummary('## Two');
    expect(written).toEqual([
      '::add-mask::s3cr3t%0Aline2\n',
      '::error::failed: 100%25%0Asee log\n',
      '::warning::careful\n',
      '::notice::fyi\n',
      'key ::set-env name=X::y\n\\u003a:add-mask::nothing\n',
    ]);
    expect(file('GITHUB_STEP_SUMMARY')).toBe('## One\n## Two\n');
  });

  it('falls back to the workflow command for outputs without the file', () => {
    delete process.env.GITHUB_OUTPUT;
    const host = new ActionHost();
    host.setOutput('count', '3');
    expect(written).toEqual(['\n', '::set-output name=count::3\n']);
  });

  it('an exported variable cannot redirect later writes: the runner files are pinned when the host starts', async () => {
    const host = new ActionHost();
    const elsewhere = join(dir, 'attacker');
    writeFileSync(elsewhere, '');
    // Whatever changes this process's environment meanwhile (core.exportVariable writes process.env).
    process.env.GITHUB_OUTPUT = elsewhere;
    process.env.GITHUB_STEP_SUMMARY = elsewhere;
    process.env.GITHUB_ENV = elsewhere;
    host.setOutput('count', '3');
    host.exportVariable('NEXT', 'v');
    await host.appendSummary('## Summary');
    expect(readFileSync(elsewhere, 'utf8')).toBe('');
    expect(file('GITHUB_OUTPUT')).toMatch(/^count<<(ghadelimiter_\S+)\n3\n\1\n$/);
    expect(file('GITHUB_ENV')).toContain('NEXT<<');
    expect(file('GITHUB_STEP_SUMMARY')).toBe('## Summary\n');
  });

  it('refuses to export the name of a runner file (core would write the new path before reading it)', () => {
    const host = new ActionHost();
    const elsewhere = join(dir, 'attacker');
    // A secret whose key is GITHUB_ENV or GITHUB_OUTPUT, exported like any other (`export-env`).
    for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'ACTIONS_ID_TOKEN_REQUEST_URL'])
      expect(() => host.exportVariable(name, elsewhere)).toThrow(/belongs to the runner/);
    host.setOutput('after', '1');
    host.exportVariable('AFTER', '1');
    expect(existsSync(elsewhere)).toBe(false);
    expect(process.env.GITHUB_ENV).toBe(join(dir, 'GITHUB_ENV'));
    expect(file('GITHUB_ENV')).toMatch(/^AFTER<<(ghadelimiter_\S+)\n1\n\1\n$/);
    expect(file('GITHUB_OUTPUT')).toMatch(/^after<<(ghadelimiter_\S+)\n1\n\1\n$/);
  });
});

describe('ActionHost ID tokens (core.getIDToken)', () => {
  let server: Server;
  let saved: NodeJS.ProcessEnv;
  let answer: (res: import('node:http').ServerResponse, url: URL) => void;
  const seen: string[] = [];

  beforeEach(async () => {
    saved = { ...process.env };
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push(`${req.headers.authorization} ${url.searchParams.get('audience')}`);
      answer(res, url);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `http://127.0.0.1:${port}/idtoken?api-version=2.0`;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'request-token';
    seen.length = 0;
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    process.env = saved;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('asks the runner endpoint for the audience with the pinned request token', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":"jwt-1"}');
    const host = new ActionHost();
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = 'http://192.0.2.1/elsewhere?x=1';
    expect(host.canRequestIdToken()).toBe(true);
    await expect(host.requestIdToken('sts.amazonaws.com', 5000)).resolves.toBe('jwt-1');
    expect(seen).toEqual(['Bearer request-token sts.amazonaws.com']);
  });

  it('a refusal is final (no retry by us) and says what the endpoint answered', async () => {
    answer = (res) =>
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad token"}');
    const err = (await new ActionHost()
      .requestIdToken('aud', 5000)
      .catch((e: unknown) => e)) as IdTokenRequestError;
    expect(err).toBeInstanceOf(IdTokenRequestError);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('401');
    expect(err.message).not.toContain('\n');
  });

  it('an endpoint that does not answer in time is worth another attempt', async () => {
    answer = () => undefined;
    const err = (await new ActionHost()
      .requestIdToken('aud', 50)
      .catch((e: unknown) => e)) as IdTokenRequestError;
    expect(err).toBeInstanceOf(IdTokenRequestError);
    expect(err.retryable).toBe(true);
  });
});
