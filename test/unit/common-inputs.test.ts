import { describe, expect, it } from '@jest/globals';
import { isSecretArn, isValidRoleArn, parseArn, secretNameFromArn } from '../../src/aws/arn.js';
import { InputError } from '../../src/errors.js';
import { defaultSessionName, parseCommon, parseOperation } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';

type Env = Record<string, string | undefined>;

function parse(inputs: Record<string, string>, env: Env = {}) {
  return parseCommon(
    schemaReader((name) => inputs[name]),
    env,
    (inputs.operation as 'fetch-secret') ?? 'fetch-secret',
  );
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(1);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const REGION = { 'aws-region': 'eu-west-1' };

describe('parseOperation', () => {
  it('accepts every operation of the schema', () => {
    for (const op of ['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'])
      expect(parseOperation(schemaReader((n) => (n === 'operation' ? op : undefined)))).toBe(op);
  });

  it('rejects an unknown or missing operation naming the input', () => {
    expect(inputError(() => parseOperation(schemaReader(() => 'fetch-secrets'))).input).toBe('operation');
    expect(inputError(() => parseOperation(schemaReader(() => undefined))).input).toBe('operation');
  });
});

describe('parseCommon: defaults', () => {
  it('applies the documented defaults', () => {
    const s = parse(REGION);
    expect(s).toMatchObject({
      region: 'eu-west-1',
      endpointUrl: undefined,
      forcePathStyle: false,
      dryRun: false,
      logFormat: 'text',
      maxAttempts: 10,
      connectTimeoutMs: 5000,
      readTimeoutMs: 60000,
      jobSummary: true,
    });
    expect(s.auth).toMatchObject({
      roleToAssume: undefined,
      webIdentityTokenFile: undefined,
      audience: 'sts.amazonaws.com',
      roleDurationSeconds: 3600,
      skipSessionTagging: false,
      allowedAccountIds: [],
    });
  });

  it('defaults dry-run to true for prune only', () => {
    expect(parse({ ...REGION, operation: 'prune' }).dryRun).toBe(true);
    expect(parse({ ...REGION, operation: 'prune', 'dry-run': 'false' }).dryRun).toBe(false);
    expect(parse({ ...REGION, operation: 'fetch-secret' }).dryRun).toBe(false);
  });

  it.each([
    ['role-skip-session-tagging', 'yes'],
    ['force-path-style', '1'],
    ['dry-run', 'ture'],
    ['job-summary', 'no'],
  ])('rejects the boolean %s=%j', (name, value) => {
    expect(inputError(() => parse({ ...REGION, [name]: value })).input).toBe(name);
  });
});

describe('parseCommon: region', () => {
  it('prefers the input, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' };
    expect(parse({ 'aws-region': 'eu-central-1' }, env).region).toBe('eu-central-1');
    expect(parse({}, env).region).toBe('us-west-2');
    expect(parse({}, { AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
    expect(parse({}, { AWS_REGION: '  ', AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
  });

  it('fails naming aws-region when no region is anywhere', () => {
    const err = inputError(() => parse({}, {}));
    expect(err.input).toBe('aws-region');
    expect(err.message).toContain('AWS_REGION');
    expect(err.message).toContain('AWS_DEFAULT_REGION');
  });

  it.each(['us-east-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-5', 'il-central-1', 'us-isob-east-1'])(
    'accepts the AWS region %s',
    (region) => {
      expect(parse({ 'aws-region': region }).region).toBe(region);
    },
  );

  it.each(['EU-WEST-1', 'eu-west', 'euwest1', 'eu_west_1', 'us-east-1a'])(
    'rejects %j as a region without endpoint-url',
    (region) => {
      expect(inputError(() => parse({ 'aws-region': region })).input).toBe('aws-region');
    },
  );

  it('accepts any plain region name with endpoint-url (S3-compatible stores)', () => {
    expect(parse({ 'aws-region': 'garage', 'endpoint-url': 'http://127.0.0.1:9000' }).region).toBe('garage');
    expect(
      inputError(() => parse({ 'aws-region': 'Not A Region', 'endpoint-url': 'http://127.0.0.1:9000' }))
        .input,
    ).toBe('aws-region');
  });
});

describe('parseCommon: endpoint-url', () => {
  it.each(['http://127.0.0.1:5000', 'https://minio.example.com:9000', 'https://s3.example.com/base'])(
    'accepts %s',
    (url) => {
      expect(parse({ ...REGION, 'endpoint-url': url }).endpointUrl).toBe(url);
    },
  );

  it('falls back to AWS_ENDPOINT_URL', () => {
    expect(parse(REGION, { AWS_ENDPOINT_URL: 'http://localhost:4566' }).endpointUrl).toBe(
      'http://localhost:4566',
    );
  });

  it.each([
    'minio.example.com',
    'ftp://example.com',
    'file:///etc/passwd',
    'https://user:pass@example.com',
    'http://',
  ])('rejects %j', (url) => {
    const err = inputError(() => parse({ ...REGION, 'endpoint-url': url }));
    expect(err.input).toBe('endpoint-url');
  });
});

describe('parseCommon: role-to-assume', () => {
  it.each([
    'arn:aws:iam::123456789012:role/ci-deploy',
    'arn:aws-cn:iam::123456789012:role/ci',
    'arn:aws-us-gov:iam::123456789012:role/path/to/ci-role',
    'arn:aws:iam::123456789012:role/with+=,.@-chars',
  ])('accepts %s', (arn) => {
    expect(parse({ ...REGION, 'role-to-assume': arn }).auth.roleToAssume).toBe(arn);
  });

  it.each([
    'ci-deploy',
    'arn:aws:iam::12345:role/x',
    'arn:aws:iam::123456789012:user/x',
    'arn:aws:s3:::bucket',
    'arn:azure:iam::123456789012:role/x',
    'arn:minio:iam:::role/x',
    'arn:aws:iam::123456789012:role/',
  ])('rejects %j without endpoint-url', (arn) => {
    const err = inputError(() => parse({ ...REGION, 'role-to-assume': arn }));
    expect(err.input).toBe('role-to-assume');
    expect(err.message).toContain('not a role ARN');
  });

  it('accepts S3-compatible role ARNs only with endpoint-url', () => {
    const endpoint = { 'endpoint-url': 'http://127.0.0.1:9000' };
    expect(
      parse({ ...REGION, ...endpoint, 'role-to-assume': 'arn:minio:iam:::role/x' }).auth.roleToAssume,
    ).toBe('arn:minio:iam:::role/x');
    expect(
      parse({ ...REGION, ...endpoint, 'role-to-assume': 'arn:aws:iam::tenant:role/ceph-role' }).auth
        .roleToAssume,
    ).toBe('arn:aws:iam::tenant:role/ceph-role');
    expect(inputError(() => parse({ ...REGION, ...endpoint, 'role-to-assume': 'not an arn' })).input).toBe(
      'role-to-assume',
    );
  });
});

describe('parseCommon: web-identity-token-file and audience', () => {
  it('needs role-to-assume', () => {
    expect(inputError(() => parse({ ...REGION, 'web-identity-token-file': '/tmp/token' })).input).toBe(
      'web-identity-token-file',
    );
    expect(
      parse({
        ...REGION,
        'web-identity-token-file': '/tmp/token',
        'role-to-assume': 'arn:aws:iam::123456789012:role/x',
      }).auth.webIdentityTokenFile,
    ).toBe('/tmp/token');
  });

  it('rejects an audience with whitespace', () => {
    expect(inputError(() => parse({ ...REGION, audience: 'a b' })).input).toBe('audience');
    expect(parse({ ...REGION, audience: 'my-aud' }).auth.audience).toBe('my-aud');
  });
});

describe('parseCommon: durations, attempts, timeouts, log format', () => {
  it('accepts role-duration-seconds from 900 to 43200', () => {
    expect(parse({ ...REGION, 'role-duration-seconds': '900' }).auth.roleDurationSeconds).toBe(900);
    expect(parse({ ...REGION, 'role-duration-seconds': '43200' }).auth.roleDurationSeconds).toBe(43200);
    for (const bad of ['899', '43201', '1h', ''])
      if (bad)
        expect(inputError(() => parse({ ...REGION, 'role-duration-seconds': bad })).input).toBe(
          'role-duration-seconds',
        );
  });

  it('accepts max-attempts from 1 to 20', () => {
    expect(parse({ ...REGION, 'max-attempts': '1' }).maxAttempts).toBe(1);
    expect(parse({ ...REGION, 'max-attempts': '20' }).maxAttempts).toBe(20);
    expect(inputError(() => parse({ ...REGION, 'max-attempts': '0' })).input).toBe('max-attempts');
    expect(inputError(() => parse({ ...REGION, 'max-attempts': '21' })).input).toBe('max-attempts');
  });

  it('validates the timeouts', () => {
    expect(parse({ ...REGION, 'connect-timeout-ms': '250', 'read-timeout-ms': '1000' })).toMatchObject({
      connectTimeoutMs: 250,
      readTimeoutMs: 1000,
    });
    expect(inputError(() => parse({ ...REGION, 'connect-timeout-ms': '0' })).input).toBe(
      'connect-timeout-ms',
    );
    expect(inputError(() => parse({ ...REGION, 'read-timeout-ms': 'soon' })).input).toBe('read-timeout-ms');
  });

  it('accepts text and json log formats only', () => {
    expect(parse({ ...REGION, 'log-format': 'json' }).logFormat).toBe('json');
    expect(inputError(() => parse({ ...REGION, 'log-format': 'yaml' })).input).toBe('log-format');
  });
});

describe('parseCommon: allowed-account-ids', () => {
  it('accepts comma- and newline-separated 12-digit ids', () => {
    expect(
      parse({ ...REGION, 'allowed-account-ids': '123456789012, 210987654321\n000000000001' }).auth
        .allowedAccountIds,
    ).toEqual(['123456789012', '210987654321', '000000000001']);
  });

  it.each(['12345678901', '1234567890123', 'abcdefghijkl', '123456789012,prod'])('rejects %j', (ids) => {
    expect(inputError(() => parse({ ...REGION, 'allowed-account-ids': ids })).input).toBe(
      'allowed-account-ids',
    );
  });
});

describe('role session name', () => {
  it('defaults to gh-<repo>-<run_id>-<attempt>', () => {
    const s = parse(REGION, {
      GITHUB_REPOSITORY: 'octo-org/octo-repo',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '3',
    });
    expect(s.auth.roleSessionName).toBe('gh-octo-repo-4242-3');
  });

  it('uses attempt 1 when GITHUB_RUN_ATTEMPT is missing', () => {
    expect(defaultSessionName({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7' })).toBe('gh-r-7-1');
  });

  it('sanitises characters STS refuses and cuts the name to 64 characters', () => {
    const name = defaultSessionName({
      GITHUB_REPOSITORY: `org/${'very-long.repo_name'.repeat(6)} ü`,
      GITHUB_RUN_ID: '12345678901',
      GITHUB_RUN_ATTEMPT: '1',
    });
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(name.length).toBe(64);
    expect(name.startsWith('gh-very-long.repo_name')).toBe(true);
    expect(defaultSessionName({ GITHUB_REPOSITORY: 'o/r#1 x', GITHUB_RUN_ID: '5' })).toBe('gh-r-1-x-5-1');
  });

  it('falls back to a timestamped name outside GitHub', () => {
    expect(defaultSessionName({}, 1_700_000_000_999)).toBe('aws-task-pack-1700000000');
  });

  it('accepts a valid explicit session name', () => {
    expect(parse({ ...REGION, 'role-session-name': 'deploy@ci.example=1' }).auth.roleSessionName).toBe(
      'deploy@ci.example=1',
    );
  });

  it.each(['x', 'has space', 'slash/name', 'a'.repeat(65), 'colon:name'])(
    'rejects the explicit name %j',
    (n) => {
      const err = inputError(() => parse({ ...REGION, 'role-session-name': n }));
      expect(err.input).toBe('role-session-name');
    },
  );
});

describe('ARN helpers', () => {
  it('parses ARNs of every partition', () => {
    expect(parseArn('arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf')).toEqual({
      partition: 'aws-cn',
      service: 'secretsmanager',
      region: 'cn-north-1',
      account: '123456789012',
      resource: 'secret:db-AbCdEf',
    });
    expect(parseArn('not-an-arn')).toBeUndefined();
  });

  it('recognises secret ARNs of aws, aws-cn, aws-us-gov and ISO partitions', () => {
    for (const p of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'])
      expect(isSecretArn(`arn:${p}:secretsmanager:us-east-1:123456789012:secret:x`)).toBe(true);
    expect(isSecretArn('arn:aws:s3:us-east-1:123456789012:secret:x')).toBe(false);
    expect(isSecretArn('arn:aws:secretsmanager:us-east-1:1234:secret:x')).toBe(false);
  });

  it('extracts a secret name without the random suffix', () => {
    expect(secretNameFromArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf')).toBe(
      'prod/db',
    );
  });

  it('is lenient with role ARNs only when asked', () => {
    expect(isValidRoleArn('arn:minio:iam:::role/x', false)).toBe(false);
    expect(isValidRoleArn('arn:minio:iam:::role/x', true)).toBe(true);
  });
});
