import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ActionHost } from '../../src/host/action-host.js';
import { escapeData, fileEntry, inputValue } from '../../src/host/runner-protocol.js';

describe('runner protocol', () => {
  it('escapes %, CR and LF so one command stays one line', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
  });

  it('reads inputs as the runner sets them: upper case, spaces as _, trimmed', () => {
    // The runner keeps the hyphens: `aws-region` arrives as INPUT_AWS-REGION.
    const env = { 'INPUT_AWS-REGION': '  eu-west-1 \n', INPUT_MY_INPUT: 'x' };
    expect(inputValue('aws-region', env)).toBe('eu-west-1');
    expect(inputValue('my input', env)).toBe('x');
    expect(inputValue('missing', env)).toBe('');
  });

  it('writes file entries as name<<delimiter blocks with a fresh random delimiter', () => {
    const a = fileEntry('out', 'line 1\nline 2');
    const b = fileEntry('out', 'line 1\nline 2');
    const match = /^out<<(ghadelimiter_[0-9a-f-]{36})\nline 1\nline 2\n\1\n$/.exec(a);
    expect(match).not.toBeNull();
    expect(b).not.toBe(a);
  });
});

describe('ActionHost on the runner files', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let written: string[];

  beforeEach(() => {
    saved = { ...process.env };
    dir = mkdtempSync(join(tmpdir(), 'atp-runner-'));
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY']) {
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
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  const file = (name: string): string => readFileSync(join(dir, name), 'utf8');

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

  it('masks, annotates and appends the summary', async () => {
    const host = new ActionHost();
    host.maskValue('s3cr3t\nline2');
    host.annotate('error', 'failed: 100%\nsee log');
    host.annotate('warning', 'careful');
    host.annotate('notice', 'fyi');
    await host.appendSummary('## One');
    await host.appendSummary('## Two');
    expect(written).toEqual([
      '::add-mask::s3cr3t%0Aline2\n',
      '::error::failed: 100%25%0Asee log\n',
      '::warning::careful\n',
      '::notice::fyi\n',
    ]);
    expect(file('GITHUB_STEP_SUMMARY')).toBe('## One\n## Two\n');
  });

  it('falls back to the workflow commands without the files', () => {
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_ENV;
    const host = new ActionHost();
    host.setOutput('count', '3');
    host.exportVariable('NAME', 'v');
    expect(written).toEqual(['\n::set-output name=count::3\n', '::set-env name=NAME::v\n']);
  });
});
