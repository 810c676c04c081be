import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { parseCommon } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';
import { parseFetchSecret } from '../../src/operations/fetch-secret/settings.js';

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { operation: 'fetch-secret', 'aws-region': 'eu-west-1', ...inputs };
  const reader = schemaReader((name) => all[name]);
  return parseFetchSecret(reader, parseCommon(reader, {}, 'fetch-secret'));
}

function inputError(inputs: Record<string, string>): InputError {
  try {
    parse(inputs);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(1);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:shared/token-AbCdEf';
const CN_ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:cn/db-AbCdEf';

describe('secret-ids forms', () => {
  it('reads plain names in the aws-region', () => {
    const s = parse({ 'secret-ids': 'prod/db\nprod/api-key' });
    expect(s.requests).toEqual([
      { line: 'prod/db', alias: undefined, id: 'prod/db', region: 'eu-west-1' },
      { line: 'prod/api-key', alias: undefined, id: 'prod/api-key', region: 'eu-west-1' },
    ]);
  });

  it('reads ALIAS,name with whitespace around the parts', () => {
    const [r] = parse({ 'secret-ids': ' DB , prod/db ' }).requests;
    expect(r).toMatchObject({ alias: 'DB', id: 'prod/db', region: 'eu-west-1' });
  });

  it('reads prefix wildcards', () => {
    const [r] = parse({ 'secret-ids': 'tls/*' }).requests;
    expect(r).toMatchObject({ prefix: 'tls/', region: 'eu-west-1' });
    expect(r!.id).toBeUndefined();
    expect(r!.alias).toBeUndefined();
  });

  it('takes the region of a full ARN, in any partition', () => {
    const s = parse({ 'secret-ids': `${ARN}\nCN,${CN_ARN}` });
    expect(s.requests[0]).toMatchObject({ id: ARN, region: 'us-west-2' });
    expect(s.requests[1]).toMatchObject({ id: CN_ARN, alias: 'CN', region: 'cn-north-1' });
  });

  it('drops duplicate lines and comments', () => {
    expect(parse({ 'secret-ids': 'a\n# note\na\nb' }).requests.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('is required', () => {
    const err = inputError({});
    expect(err.input).toBe('secret-ids');
    expect(err.message).toContain('required');
  });

  it.each([
    ['1DB,prod/db', 'not a valid variable name'],
    ['MY-DB,prod/db', 'not a valid variable name'],
    ['DB X,prod/db', 'not a valid variable name'],
  ])('rejects the invalid alias in %j', (line, text) => {
    const err = inputError({ 'secret-ids': line });
    expect(err.input).toBe('secret-ids');
    expect(err.message).toContain(text);
  });

  it('accepts an alias on a wildcard (it must match one secret), and drops a blank one there', () => {
    const [aliased, blank] = parse({ 'secret-ids': 'TLS,tls/*\n,db/*' }).requests;
    expect(aliased).toMatchObject({ prefix: 'tls/', alias: 'TLS' });
    expect(blank).toMatchObject({ prefix: 'db/', alias: undefined });
  });

  it.each(['tls/*/x*', '*', 'a*b*'])('rejects the malformed wildcard %j', (line) => {
    expect(inputError({ 'secret-ids': line }).input).toBe('secret-ids');
  });

  it.each([
    'arn:aws:secretsmanager:eu-west-1:123:secret:x',
    'arn:aws:s3:::bucket',
    'arn:aws:secretsmanager:eu-west-1:123456789012:parameter:x',
  ])('rejects the non-secret ARN %j', (line) => {
    const err = inputError({ 'secret-ids': line });
    expect(err.message).toContain('not a Secrets Manager ARN');
  });

  it.each(['has space', 'semi;colon', 'a'.repeat(513)])('rejects the bad name %j', (line) => {
    expect(inputError({ 'secret-ids': line }).input).toBe('secret-ids');
  });

  it('allows a blank alias with and without parse-json', () => {
    for (const parseJson of ['true', 'false'])
      expect(parse({ 'secret-ids': ',prod/db', 'parse-json': parseJson }).requests[0]).toMatchObject({
        alias: '',
        id: 'prod/db',
      });
  });

  it('lets two lines name one secret, but not two secrets one variable', () => {
    expect(parse({ 'secret-ids': 'SampleSecret1\nSAMPLESECRET1,SampleSecret1' }).requests).toHaveLength(2);
    expect(inputError({ 'secret-ids': 'A,one\nA,two' }).message).toContain('both map to the variable A');
  });
});

describe('versions', () => {
  it('defaults to AWSCURRENT', () => {
    expect(parse({ 'secret-ids': 'a' })).toMatchObject({ versionStage: 'AWSCURRENT', versionId: undefined });
  });

  it('accepts another stage', () => {
    expect(parse({ 'secret-ids': 'a', 'version-stage': 'AWSPREVIOUS' }).versionStage).toBe('AWSPREVIOUS');
    expect(inputError({ 'secret-ids': 'a', 'version-stage': 'bad stage' }).input).toBe('version-stage');
  });

  const VERSION_ID = 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1';

  it('accepts a version id for exactly one secret', () => {
    expect(parse({ 'secret-ids': 'a', 'version-id': VERSION_ID }).versionId).toBe(VERSION_ID);
  });

  it('rejects version-id with version-stage', () => {
    const err = inputError({ 'secret-ids': 'a', 'version-id': VERSION_ID, 'version-stage': 'AWSCURRENT' });
    expect(err.input).toBe('version-id');
    expect(err.message).toContain('version-stage');
  });

  it('rejects version-id with several secrets or a wildcard', () => {
    expect(inputError({ 'secret-ids': 'a\nb', 'version-id': VERSION_ID }).input).toBe('version-id');
    expect(inputError({ 'secret-ids': 'a*', 'version-id': VERSION_ID }).input).toBe('version-id');
  });

  it('rejects a malformed version id', () => {
    expect(inputError({ 'secret-ids': 'a', 'version-id': 'short' }).input).toBe('version-id');
  });
});

describe('parse-json and json-keys', () => {
  it('splits json-keys into paths', () => {
    const s = parse({ 'secret-ids': 'a', 'parse-json': 'true', 'json-keys': 'password, db.host\nport' });
    expect(s.jsonKeys).toEqual([['password'], ['db', 'host'], ['port']]);
  });

  it('rejects json-keys without parse-json', () => {
    const err = inputError({ 'secret-ids': 'a', 'json-keys': 'password' });
    expect(err.input).toBe('json-keys');
    expect(err.message).toContain('parse-json');
  });

  it.each(['a..b', '.a', 'a.'])('rejects the key path %j', (key) => {
    expect(inputError({ 'secret-ids': 'a', 'parse-json': 'true', 'json-keys': key }).input).toBe('json-keys');
  });

  it('rejects a non-boolean parse-json', () => {
    expect(inputError({ 'secret-ids': 'a', 'parse-json': 'yes' }).input).toBe('parse-json');
  });
});

describe('name collisions known before any request', () => {
  it('rejects two names that map to one variable', () => {
    const err = inputError({ 'secret-ids': 'prod/db\nprod-db' });
    expect(err.input).toBe('secret-ids');
    expect(err.message).toContain('PROD_DB');
  });

  it('rejects an alias equal to another name after transformation', () => {
    expect(inputError({ 'secret-ids': 'db,first\nDB,second' }).message).toContain('DB');
    expect(inputError({ 'secret-ids': 'PROD_DB,first\nprod/db' }).message).toContain('PROD_DB');
  });

  it('keeps names distinct under name-transformation none', () => {
    expect(
      parse({ 'secret-ids': 'db,first\nDB,second', 'name-transformation': 'none' }).requests,
    ).toHaveLength(2);
  });

  it('does not guess names that depend on the fetched secret (ARNs, wildcards)', () => {
    expect(parse({ 'secret-ids': `${ARN}\nshared/token\nshared/*` }).requests).toHaveLength(3);
  });
});

describe('other fetch-secret inputs', () => {
  it('applies the defaults', () => {
    expect(parse({ 'secret-ids': 'a' })).toMatchObject({
      parseJson: false,
      jsonKeys: [],
      transformation: 'uppercase',
      exportEnv: true,
      setOutputs: true,
      writeToDir: undefined,
    });
  });

  it('reads the switches', () => {
    expect(
      parse({
        'secret-ids': 'a',
        'name-transformation': 'lowercase',
        'export-env': 'False',
        'set-outputs': 'FALSE',
        'write-to-dir': '/tmp/out',
      }),
    ).toMatchObject({
      transformation: 'lowercase',
      exportEnv: false,
      setOutputs: false,
      writeToDir: '/tmp/out',
    });
  });

  it('rejects an unknown transformation and bad booleans', () => {
    expect(inputError({ 'secret-ids': 'a', 'name-transformation': 'upper' }).input).toBe(
      'name-transformation',
    );
    expect(inputError({ 'secret-ids': 'a', 'export-env': 'on' }).input).toBe('export-env');
    expect(inputError({ 'secret-ids': 'a', 'set-outputs': 'True ' + 'x' }).input).toBe('set-outputs');
  });
});
