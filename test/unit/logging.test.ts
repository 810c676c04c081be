import { describe, expect, it } from '@jest/globals';
import { Logger } from '../../src/logging/logger.js';
import { REDACTED, Redactor } from '../../src/logging/redactor.js';
import { FakeHost } from './fake-host.js';

const CLOCK = () => new Date('2026-11-05T10:20:30.000Z');

function setup(options: { debug?: boolean; format?: 'text' | 'json'; secrets?: string[] } = {}) {
  const host = new FakeHost({ debug: options.debug });
  const redactor = new Redactor();
  for (const s of options.secrets ?? []) redactor.add(s);
  const logger = new Logger(host, redactor, 'fetch-secret', CLOCK);
  if (options.format) logger.configure({ format: options.format });
  return { host, redactor, logger };
}

describe('Redactor', () => {
  it('replaces every occurrence of every registered secret', () => {
    const r = new Redactor();
    r.add('hunter2');
    r.add('s3cr3t');
    expect(r.redact('a hunter2 b s3cr3t c hunter2')).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });

  it('replaces a secret that contains another one whole', () => {
    const r = new Redactor();
    r.add('pass');
    r.add('password-long');
    expect(r.redact('x password-long y pass')).toBe('x *** y ***');
  });

  it('reports new registrations only, and ignores empty values', () => {
    const r = new Redactor();
    expect(r.add('abc')).toBe(true);
    expect(r.add('abc')).toBe(false);
    expect(r.add('')).toBe(false);
    expect(r.size).toBe(1);
    expect(r.has('abc')).toBe(true);
  });

  it('redacts deeply inside objects and arrays, leaving other values alone', () => {
    const r = new Redactor();
    r.add('tok3n');
    expect(r.redactDeep({ a: 'x tok3n', b: ['tok3n', 5, true, null], c: { d: 'tok3n!' } })).toEqual({
      a: 'x ***',
      b: ['***', 5, true, null],
      c: { d: '***!' },
    });
  });

  it('handles regex metacharacters in secrets literally', () => {
    const r = new Redactor();
    r.add('a.b*c(d)$');
    expect(r.redact('x a.b*c(d)$ y aXbbc')).toBe('x *** y aXbbc');
  });
});

describe('Logger: text format', () => {
  it('writes message and key=value fields, quoting values with spaces', () => {
    const { host, logger } = setup();
    logger.info('secret.read', 'Read it', {
      secret: 'prod/db',
      count: 2,
      note: 'two words',
      skip: undefined,
    });
    expect(host.lines).toEqual(['Read it  [event=secret.read secret=prod/db count=2 note="two words"]']);
    expect(host.annotations()).toEqual([]);
  });

  it('redacts secrets in the message and inside fields', () => {
    const { host, logger } = setup({ secrets: ['hunter2'] });
    logger.info('e', 'value hunter2', { nested: { password: 'hunter2' }, list: ['hunter2'] });
    expect(host.lines).toHaveLength(1);
    expect(host.lines[0]).not.toContain('hunter2');
    expect(host.lines[0]).toContain('value ***');
  });

  it('shows debug events only when the host is in debug mode', () => {
    const quiet = setup();
    quiet.logger.debug('d', 'details');
    expect(quiet.host.events).toEqual([]);
    expect(quiet.logger.isDebug).toBe(false);

    const loud = setup({ debug: true });
    loud.logger.debug('d', 'details');
    expect(loud.host.lines).toEqual(['[debug] details  [event=d]']);
    expect(loud.logger.isDebug).toBe(true);
  });

  it('turns warnings and errors into annotations (redacted), not plain lines', () => {
    const { host, logger } = setup({ secrets: ['hunter2'] });
    logger.warning('w', 'careful hunter2');
    logger.error('e', 'broken', { code: 'X' });
    expect(host.lines).toEqual([]);
    // Event names and fields are for the log; an annotation is the message and a title.
    expect(host.warnings).toEqual(['careful ***']);
    expect(host.errors).toEqual(['broken']);
    expect(host.events.filter((e) => e.type === 'annotation')).toEqual([
      {
        type: 'annotation',
        level: 'warning',
        text: 'careful ***',
        properties: { title: 'aws-task-pack fetch-secret' },
      },
      {
        type: 'annotation',
        level: 'error',
        text: 'broken',
        properties: { title: 'aws-task-pack fetch-secret' },
      },
    ]);
  });

  it('gives an annotation the title and file it is about, and keeps the fields in the debug log', () => {
    const { host, logger } = setup({ debug: true });
    logger.warning(
      'upload.failed',
      'Failed: a.txt',
      { key: 'a.txt', errorCode: 'X' },
      { title: 'Upload failed', file: 'site/a.txt' },
    );
    expect(host.events.filter((e) => e.type === 'annotation')).toEqual([
      {
        type: 'annotation',
        level: 'warning',
        text: 'Failed: a.txt',
        properties: { title: 'Upload failed', file: 'site/a.txt' },
      },
    ]);
    expect(host.lines).toEqual(['[debug] [event=upload.failed key=a.txt errorCode=X]']);
  });
});

describe('Logger: json format', () => {
  it('writes one object per line with time, level, operation, event, message and the fields', () => {
    const { host, logger } = setup({ format: 'json' });
    logger.info('secrets.fetched', 'Read 2 secrets', { secrets: 2, method: 'batch' });
    expect(host.lines).toHaveLength(1);
    expect(JSON.parse(host.lines[0]!)).toEqual({
      time: '2026-11-05T10:20:30.000Z',
      level: 'info',
      operation: 'fetch-secret',
      event: 'secrets.fetched',
      message: 'Read 2 secrets',
      fields: { secrets: 2, method: 'batch' },
    });
  });

  it('uses the configured operation', () => {
    const { host, logger } = setup({ format: 'json' });
    logger.configure({ operation: 'prune' });
    logger.info('x', 'y');
    expect(JSON.parse(host.lines[0]!).operation).toBe('prune');
  });

  it('redacts secrets that JSON encoding would escape (quotes, backslashes, newlines)', () => {
    const tricky = 'p"a\\s\ns';
    const { host, logger } = setup({ format: 'json', secrets: [tricky, 'plain-secret'] });
    logger.info('e', `message with ${tricky}`, {
      field: `x${tricky}y`,
      deep: { list: [tricky] },
      p: 'plain-secret',
    });
    const line = host.lines[0]!;
    expect(line).not.toContain(tricky);
    expect(line).not.toContain(JSON.stringify(tricky).slice(1, -1));
    expect(line).not.toContain('plain-secret');
    expect(JSON.parse(line)).toMatchObject({
      message: 'message with ***',
      fields: { field: 'x***y', deep: { list: ['***'] }, p: '***' },
    });
  });

  it('redacts a secret quoted JSON-escaped inside a value (a server message quoting a JSON body)', () => {
    const tricky = 'pa"ss';
    const { host, logger } = setup({ format: 'json', secrets: [tricky] });
    logger.info('e', `server said {"password":${JSON.stringify(tricky)}}`);
    expect(JSON.parse(host.lines[0]!).message).toBe('server said {"password":"***"}');
  });

  it.each(['true', '"', '{', '\\', 'e', ':', 'info', '"level":"info"'])(
    'stays JSON with the secret %j: names and types are kept, values redacted',
    (secret) => {
      const { host, logger } = setup({ format: 'json', secrets: [secret] });
      logger.info('secrets.fetched', `value ${secret} end`, {
        setOutputs: true,
        count: 2,
        note: `a${secret}b`,
      });
      const record = JSON.parse(host.lines[0]!);
      expect(Object.keys(record)).toEqual(['time', 'level', 'operation', 'event', 'message', 'fields']);
      expect(record.event).toBe('secrets.fetched');
      expect(record.fields.setOutputs).toBe(true);
      expect(record.fields.count).toBe(2);
      expect(record.message).toContain('***');
      expect(record.message).not.toContain(secret);
      expect(record.fields.note).not.toContain(secret);
    },
  );

  it('writes warnings and errors as lines and as annotations with the bare message', () => {
    const { host, logger } = setup({ format: 'json', secrets: ['hunter2'] });
    logger.warning('w', 'short value hunter2', { variable: 'X' });
    logger.error('e', 'failed');
    expect(host.lines.map((l) => JSON.parse(l).level)).toEqual(['warning', 'error']);
    expect(host.warnings).toEqual(['short value ***']);
    expect(host.errors).toEqual(['failed']);
    expect(host.lines[0]).not.toContain('hunter2');
  });

  it('omits debug lines unless the host is in debug mode', () => {
    const quiet = setup({ format: 'json' });
    quiet.logger.debug('d', 'x');
    expect(quiet.host.lines).toEqual([]);
    const loud = setup({ format: 'json', debug: true });
    loud.logger.debug('d', 'x');
    expect(JSON.parse(loud.host.lines[0]!).level).toBe('debug');
  });
});
