import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InputError, TaskError } from '../../src/errors.js';
import {
  assertJsonKeysFound,
  flattenJson,
  maskableValues,
  parseJsonObject,
  settleVariables,
  variableName,
  variablesOf,
  type NamingOptions,
  type SecretValue,
  type Variable,
} from '../../src/operations/fetch-secret/variables.js';
import { writeVariableFiles } from '../../src/operations/fetch-secret/write-files.js';

const secret = (text: string | undefined, extra: Partial<SecretValue> = {}): SecretValue => ({
  name: 'prod/db',
  stages: ['AWSCURRENT'],
  text,
  ...extra,
});

const PLAIN: NamingOptions = {
  parseJson: false,
  jsonKeys: [],
  transformation: 'uppercase',
  binaryEncoding: 'utf8',
};
const JSON_OPTS: NamingOptions = { ...PLAIN, parseJson: true };

describe('variableName', () => {
  it('joins parts with _ and replaces other characters', () => {
    expect(variableName(['prod/api-key'], 'uppercase')).toBe('PROD_API_KEY');
    expect(variableName(['DB', 'nested', 'key.with.dots'], 'uppercase')).toBe('DB_NESTED_KEY_WITH_DOTS');
    expect(variableName(['a b', 'ü'], 'none')).toBe('a_b__');
  });

  it('never starts with a digit and is never empty', () => {
    expect(variableName(['1password'], 'uppercase')).toBe('_1PASSWORD');
    expect(variableName([''], 'uppercase')).toBe('_');
  });

  it('skips empty parts (the blank alias)', () => {
    expect(variableName(['', 'password'], 'uppercase')).toBe('PASSWORD');
  });

  it('applies the transformation', () => {
    expect(variableName(['Db', 'passWord'], 'lowercase')).toBe('db_password');
    expect(variableName(['Db', 'passWord'], 'none')).toBe('Db_passWord');
  });
});

describe('parseJsonObject and flattenJson', () => {
  it('accepts only JSON objects', () => {
    expect(parseJsonObject(' {"a":1} ')).toEqual({ a: 1 });
    expect(parseJsonObject('[1,2]')).toBeUndefined();
    expect(parseJsonObject('"text"')).toBeUndefined();
    expect(parseJsonObject('{not json')).toBeUndefined();
    expect(parseJsonObject(undefined)).toBeUndefined();
  });

  it('flattens nested objects into paths, keeping arrays and stringifying scalars', () => {
    expect(
      flattenJson({ a: { b: { c: 'x' } }, n: 1.5, t: false, z: null, l: [1, { k: 'v' }], s: 'str' }),
    ).toEqual([
      [['a', 'b', 'c'], 'x'],
      [['n'], '1.5'],
      [['t'], 'false'],
      [['z'], 'null'],
      [['l'], '[1,{"k":"v"}]'],
      [['s'], 'str'],
    ]);
  });
});

describe('variablesOf', () => {
  it('gives a plain secret one variable under its base name', () => {
    expect(variablesOf(secret('v'), 'prod/db', 'prod/db', PLAIN)).toEqual([
      { name: 'PROD_DB', value: 'v', secretName: 'prod/db', source: 'prod/db' },
    ]);
  });

  it('gives a JSON secret one variable per leaf with parse-json, and one for the whole without', () => {
    const text = '{"user":"u","pw":{"main":"m"}}';
    expect(variablesOf(secret(text), 'DB', 'DB,prod/db', JSON_OPTS).map((v) => [v.name, v.value])).toEqual([
      ['DB_USER', 'u'],
      ['DB_PW_MAIN', 'm'],
    ]);
    expect(variablesOf(secret(text), 'DB', 'DB,prod/db', PLAIN)).toHaveLength(1);
  });

  it('selects json keys, nested ones as a.b', () => {
    const text = '{"user":"u","pw":{"main":"m","old":"o"}}';
    const vars = variablesOf(secret(text), 'DB', 'l', { ...JSON_OPTS, jsonKeys: [['pw', 'main']] });
    expect(vars.map((v) => [v.name, v.value])).toEqual([['DB_PW_MAIN', 'm']]);
  });

  it('encodes binary secrets as base64 with binary-encoding base64, and keeps the bytes for files', () => {
    const bytes = new Uint8Array([0, 255, 10]);
    const [v] = variablesOf(secret(undefined, { binary: bytes }), 'CERT', 'l', {
      ...JSON_OPTS,
      binaryEncoding: 'base64',
    });
    expect(v).toMatchObject({ name: 'CERT', value: Buffer.from(bytes).toString('base64'), bytes });
  });

  it('exports binary secrets as their UTF-8 text by default, keeping a byte-order mark', () => {
    const bytes = new TextEncoder().encode('\uFEFFgrüße, 世界');
    const [v] = variablesOf(secret(undefined, { binary: bytes }), 'CERT', 'l', PLAIN);
    expect(v).toMatchObject({ name: 'CERT', value: '\uFEFFgrüße, 世界', bytes });
  });

  it('parses a binary secret holding JSON like a text one under utf8', () => {
    const bytes = new TextEncoder().encode('{"user":"u","pw":"p"}');
    const vars = variablesOf(secret(undefined, { binary: bytes }), undefined, 'l', JSON_OPTS);
    expect(vars.map((v) => [v.name, v.value])).toEqual([
      ['PROD_DB_USER', 'u'],
      ['PROD_DB_PW', 'p'],
    ]);
  });

  it('refuses bytes that are not UTF-8 under utf8, naming the secret and input, never the value', () => {
    const bytes = new Uint8Array([0x51, 0x58, 0x7a, 0xff, 0xfe]);
    try {
      variablesOf(secret(undefined, { binary: bytes }), 'CERT', 'l', PLAIN);
      throw new Error('expected a failure');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).input).toBe('binary-encoding');
      expect((err as InputError).message).toContain('prod/db');
      expect((err as InputError).message).toContain('base64');
      expect((err as InputError).message).not.toContain('QXz');
    }
  });

  it('names the variables after the JSON keys alone for the blank alias', () => {
    const vars = variablesOf(secret('{"user":"u"}'), '', 'l', JSON_OPTS);
    expect(vars.map((v) => v.name)).toEqual(['USER']);
  });

  it('names a non-JSON secret after itself for the blank alias, with or without parse-json', () => {
    expect(variablesOf(secret('plain'), '', 'l', JSON_OPTS).map((v) => v.name)).toEqual(['PROD_DB']);
    expect(variablesOf(secret('{"user":"u"}'), '', 'l', PLAIN).map((v) => v.name)).toEqual(['PROD_DB']);
  });
});

describe('assertJsonKeysFound', () => {
  it('passes when some JSON secret has each key, and fails naming a key none has', () => {
    const secrets = [secret('{"a":{"b":1}}'), secret('plain'), secret('{"c":2}')];
    expect(() => assertJsonKeysFound(secrets, [['a', 'b'], ['c']], 'utf8')).not.toThrow();
    try {
      assertJsonKeysFound(secrets, [['a', 'x']], 'utf8');
      throw new Error('expected a failure');
    } catch (err) {
      expect(err).toBeInstanceOf(TaskError);
      expect((err as TaskError).errorCode).toBe('JsonKeyNotFound');
      expect((err as TaskError).message).toContain('a.x');
    }
  });
});

describe('maskableValues', () => {
  it('masks the value and each line (trimmed too) of a multi-line value', () => {
    expect(maskableValues(secret('first line\r\n  second  \nthird'))).toEqual(
      expect.arrayContaining([
        'first line\r\n  second  \nthird',
        'first line',
        '  second  ',
        'second',
        'third',
      ]),
    );
  });

  it('masks every JSON leaf', () => {
    const values = maskableValues(secret('{"user":"admin-user","db":{"pw":"pw-value","port":27017}}'));
    expect(values).toEqual(expect.arrayContaining(['admin-user', 'pw-value', '27017']));
  });

  it('masks only the selected leaves with json-keys', () => {
    const values = maskableValues(secret('{"user":"admin-user","db":{"pw":"pw-value"}}'), [['db', 'pw']]);
    expect(values).toContain('pw-value');
    expect(values).not.toContain('admin-user');
  });

  it('does not mask the structural lines of pretty-printed JSON', () => {
    const text = JSON.stringify({ pw: 'pw-value', nested: { a: 'b-value' } }, null, 2);
    const values = maskableValues(secret(text));
    expect(values).toEqual(expect.arrayContaining([text, 'pw-value', 'b-value']));
    for (const v of values) expect(v).not.toMatch(/^[\s{}[\],:]*$/);
  });

  it('masks the base64 form of a binary secret, and its text when it is valid UTF-8', () => {
    const bin = new TextEncoder().encode('text-in-binary');
    expect(maskableValues(secret(undefined, { binary: bin }))).toEqual([
      Buffer.from(bin).toString('base64'),
      'text-in-binary',
    ]);
    const raw = new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
    expect(maskableValues(secret(undefined, { binary: raw }))).toEqual([Buffer.from(raw).toString('base64')]);
  });

  it('masks nothing for an empty value', () => {
    expect(maskableValues(secret(''))).toEqual([]);
  });
});

describe('settleVariables', () => {
  const v = (name: string, secretName: string, source: string, value = 'x'): Variable => ({
    name,
    value,
    secretName,
    source,
  });

  it('accepts distinct names', () => {
    expect(settleVariables([v('A', 's1', 'l1'), v('B', 's2', 'l2')]).map((x) => x.name)).toEqual(['A', 'B']);
  });

  it('exports once the same variable of one secret named by two lines', () => {
    expect(settleVariables([v('A', 's1', 'l1'), v('A', 's1', 'l2')])).toEqual([v('A', 's1', 'l1')]);
  });

  it.each([
    [[v('A', 's1', 'l1'), v('A', 's2', 'l2')], 's1 and s2 both map to the variable A'],
    [[v('A', 's1', 'l1'), v('A', 's1', 'l1')], 'two keys of s1 both map to the variable A'],
    [[v('A', 's1', 'l1'), v('A', 's1', 'l2', 'y')], 'map different values to the variable A'],
  ])('rejects a collision as an input error (%#)', (vars, text) => {
    try {
      settleVariables(vars);
      throw new Error('expected a collision');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).exitCode).toBe(1);
      expect((err as InputError).message).toContain(text);
    }
  });
});

describe('writeVariableFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atp-files-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const variable = (name: string, value: string, bytes?: Uint8Array): Variable => ({
    name,
    value,
    bytes,
    secretName: name,
    source: name,
  });

  it('creates the directory and writes each file with mode 0600', async () => {
    const out = join(dir, 'nested', 'secrets');
    const paths = await writeVariableFiles(out, [
      variable('A', 'text-a'),
      variable('B', 'ignored-base64', new Uint8Array([1, 2, 3])),
    ]);
    expect(paths).toEqual([join(out, 'A'), join(out, 'B')]);
    expect(readFileSync(join(out, 'A'), 'utf8')).toBe('text-a');
    expect([...readFileSync(join(out, 'B'))]).toEqual([1, 2, 3]);
    for (const p of paths) expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  it('tightens the mode of an existing file and replaces its content', async () => {
    const path = join(dir, 'A');
    writeFileSync(path, 'old content that is longer', { mode: 0o644 });
    await writeVariableFiles(dir, [variable('A', 'new')]);
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses to follow a symlink planted at a variable’s path', async () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'untouched');
    symlinkSync(target, join(dir, 'A'));
    await expect(writeVariableFiles(dir, [variable('A', 'secret')])).rejects.toMatchObject({ code: 'ELOOP' });
    expect(readFileSync(target, 'utf8')).toBe('untouched');
  });
});
