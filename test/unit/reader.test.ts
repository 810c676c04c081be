import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { quote, type InputReader } from '../../src/inputs/reader.js';
import { schemaReader, type InputName } from '../../src/operations/schema.js';

function reader(inputs: Record<string, string>): InputReader<InputName> {
  return schemaReader((name) => inputs[name]);
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('InputReader.boolean (YAML 1.2 core booleans only)', () => {
  it.each(['true', 'True', 'TRUE'])('accepts %j as true', (value) => {
    expect(reader({ 'dry-run': value }).boolean('dry-run')).toBe(true);
  });

  it.each(['false', 'False', 'FALSE'])('accepts %j as false', (value) => {
    expect(reader({ 'dry-run': value }).boolean('dry-run')).toBe(false);
  });

  it('trims surrounding whitespace', () => {
    expect(reader({ 'dry-run': '  true\n' }).boolean('dry-run')).toBe(true);
  });

  it.each(['yes', 'no', 'on', 'off', '1', '0', 'ture', 'tRUE', 'y'])(
    'rejects %j with an exit-code-1 InputError naming the input and the value',
    (value) => {
      const err = inputError(() => reader({ 'job-summary': value }).boolean('job-summary'));
      expect(err.exitCode).toBe(1);
      expect(err.errorCode).toBe('InvalidInput');
      expect(err.input).toBe('job-summary');
      expect(err.message).toContain('`job-summary`');
      expect(err.message).toContain(JSON.stringify(value));
      expect(err.message).toContain('`true` or `false`');
    },
  );

  it('applies the schema default when the input is absent or blank', () => {
    expect(reader({}).boolean('job-summary')).toBe(true);
    expect(reader({ 'job-summary': '   ' }).boolean('job-summary')).toBe(true);
    expect(reader({}).boolean('force-path-style')).toBe(false);
  });

  it('uses the fallback for inputs without a schema default, and fails without one', () => {
    expect(reader({}).boolean('dry-run', true)).toBe(true);
    expect(reader({}).boolean('dry-run', false)).toBe(false);
    expect(inputError(() => reader({}).boolean('dry-run')).input).toBe('dry-run');
  });
});

describe('InputReader.integer', () => {
  it('accepts the bounds of the range', () => {
    expect(reader({ 'role-duration-seconds': '900' }).integer('role-duration-seconds', 900, 43200)).toBe(900);
    expect(reader({ 'role-duration-seconds': '43200' }).integer('role-duration-seconds', 900, 43200)).toBe(
      43200,
    );
  });

  it.each(['899', '43201', '0', '100000'])('rejects %s as out of range', (value) => {
    const err = inputError(() =>
      reader({ 'role-duration-seconds': value }).integer('role-duration-seconds', 900, 43200),
    );
    expect(err.input).toBe('role-duration-seconds');
    expect(err.message).toContain('out of range');
    expect(err.message).toContain('900');
    expect(err.message).toContain('43200');
  });

  it.each(['abc', '1.5', '-1', '1e3', '0x10', '10 s', '+5'])('rejects %j as not a whole number', (value) => {
    const err = inputError(() => reader({ 'max-attempts': value }).integer('max-attempts', 1, 20));
    expect(err.input).toBe('max-attempts');
    expect(err.message).toContain('not a whole number');
  });

  it('applies the schema default', () => {
    expect(reader({}).integer('max-attempts', 1, 20)).toBe(10);
    expect(reader({}).integer('role-duration-seconds', 900, 43200)).toBe(3600);
  });

  it('fails when there is neither a value nor a default', () => {
    expect(inputError(() => reader({}).integer('version-id', 1, 2)).input).toBe('version-id');
  });
});

describe('InputReader.string, choice, lines and list', () => {
  it('trims and returns the schema default for missing inputs', () => {
    expect(reader({ audience: '  sts.example ' }).string('audience')).toBe('sts.example');
    expect(reader({}).string('audience')).toBe('sts.amazonaws.com');
    expect(reader({}).string('role-to-assume')).toBeUndefined();
  });

  it('rejects control characters', () => {
    const err = inputError(() => reader({ 'role-to-assume': 'arn\u0007' }).string('role-to-assume'));
    expect(err.input).toBe('role-to-assume');
    expect(err.message).toContain('control characters');
  });

  it('reports whether an input was given', () => {
    expect(reader({ 'version-stage': 'AWSCURRENT' }).given('version-stage')).toBe(true);
    expect(reader({ 'version-stage': '  ' }).given('version-stage')).toBe(false);
    expect(reader({}).given('version-stage')).toBe(false);
  });

  it('accepts only listed choices', () => {
    expect(reader({ 'log-format': 'json' }).choice('log-format', ['text', 'json'])).toBe('json');
    const err = inputError(() => reader({ 'log-format': 'JSON' }).choice('log-format', ['text', 'json']));
    expect(err.input).toBe('log-format');
    expect(err.message).toContain('`text`, `json`');
  });

  it('splits lines, dropping blanks and # comments', () => {
    expect(reader({ 'secret-ids': '  a\r\n\n# comment\n  b  \n' }).lines('secret-ids')).toEqual(['a', 'b']);
    expect(reader({}).lines('secret-ids')).toEqual([]);
  });

  it('splits lists on commas and newlines', () => {
    expect(reader({ 'json-keys': 'a, b\nc,,\n d ' }).list('json-keys')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('requires a value for required()', () => {
    const err = inputError(() => reader({}).required('secret-ids', 'fetch-secret'));
    expect(err.message).toContain('`fetch-secret`');
  });

  it('quotes long values shortened', () => {
    expect(quote('abc')).toBe('"abc"');
    const long = quote('x'.repeat(200));
    expect(long.length).toBeLessThan(90);
    expect(long.endsWith('..."')).toBe(true);
  });
});
