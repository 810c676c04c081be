import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ActionHost } from '../../src/host/action-host.js';
import { CliHost } from '../../src/host/cli-host.js';
import { inertLines } from '../../src/host/inert-line.js';
import { Logger } from '../../src/logging/logger.js';
import { Redactor } from '../../src/logging/redactor.js';
import { HOSTILE_FRAGMENTS, injectedCommands, runnerCommands } from '../support/runner-commands.js';

describe('inertLines, read the way the runner reads', () => {
  it.each(HOSTILE_FRAGMENTS)('leaves no command in %j', (fragment) => {
    expect(injectedCommands(fragment)).not.toEqual([]); // the fragment itself is a command
    expect(injectedCommands(inertLines(fragment))).toEqual([]);
    expect(injectedCommands(inertLines(`prefix ${fragment} suffix`))).toEqual([]);
  });

  it('keeps ordinary text as it was and JSON parseable to the original', () => {
    expect(inertLines('Uploaded 3 files (1.2 KiB) to s3://b/p/')).toBe(
      'Uploaded 3 files (1.2 KiB) to s3://b/p/',
    );
    const value = { key: 'x##[stop-commands]y', name: '::error::z' };
    const line = inertLines(JSON.stringify(value));
    expect(JSON.parse(line)).toEqual(value);
    expect(runnerCommands(line)).toEqual([]);
  });
});

describe('ActionHost', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let written: string[];

  beforeEach(() => {
    saved = { ...process.env };
    dir = mkdtempSync(join(tmpdir(), 'atp-host-safety-'));
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY']) {
      writeFileSync(join(dir, name), '');
      process.env[name] = join(dir, name);
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

  it('writes to the runner files it was started with, whatever a variable exported later says', async () => {
    const elsewhere = join(dir, 'attacker-chosen');
    writeFileSync(elsewhere, '');
    const host = new ActionHost();
    // The runner's own names are refused outright (`@actions/core` writes process.env before it reads
    // the file path); whatever the environment says afterwards, the files are the ones of the start.
    for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'])
      expect(() => host.exportVariable(name, elsewhere)).toThrow(/belongs to the runner/);
    process.env.GITHUB_ENV = elsewhere;
    process.env.GITHUB_OUTPUT = elsewhere;
    process.env.GITHUB_STEP_SUMMARY = elsewhere;
    host.exportVariable('LATER_SECRET', 'the-secret-value');
    host.setOutput('later-output', 'the-output-value');
    await host.appendSummary('later summary');
    expect(readFileSync(elsewhere, 'utf8')).toBe('');
    expect(readFileSync(join(dir, 'GITHUB_ENV'), 'utf8')).toContain('the-secret-value');
    expect(readFileSync(join(dir, 'GITHUB_OUTPUT'), 'utf8')).toContain('the-output-value');
    expect(readFileSync(join(dir, 'GITHUB_STEP_SUMMARY'), 'utf8')).toContain('later summary');
  });

  it.each(['text', 'json'] as const)('prints no injected command through the logger (%s)', (format) => {
    const host = new ActionHost();
    const logger = new Logger(host, new Redactor(), 'upload-artifact');
    logger.configure({ format });
    for (const name of HOSTILE_FRAGMENTS) {
      logger.info('upload.planned', `(dryrun) upload: ${name} to s3://b/${name}`, { key: name });
      logger.warning('upload.odd', `${name} is odd`, { key: name });
      logger.error('upload.failed', `${name}: server said ${name}`, { key: name });
    }
    const output = written.join('');
    expect(injectedCommands(output)).toEqual([]);
    // Our own annotations are still commands.
    expect(runnerCommands(output).map((c) => c.name)).toContain('error');
  });
});

describe('CliHost', () => {
  it('prints no injected command on stderr, where a step running the CLI would show it', async () => {
    let stderr = '';
    const host = new CliHost({ inputs: {}, env: {}, stderr: (t) => (stderr += t) });
    const logger = new Logger(host, new Redactor(), 'prune');
    for (const name of HOSTILE_FRAGMENTS) {
      logger.info('prune.planned', `(dryrun) delete: ${name}`, { key: name });
      logger.error('prune.failed', name, {});
    }
    await host.appendSummary(HOSTILE_FRAGMENTS.join('\n'));
    host.flushSummary();
    expect(injectedCommands(stderr)).toEqual([]);
  });
});
