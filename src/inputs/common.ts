import { InputError } from '../errors.js';
import { isValidRoleArn } from '../aws/arn.js';
import { githubContext, repoName } from '../host/github-context.js';
import { LOG_FORMATS, type LogFormat } from '../logging/logger.js';
import { InputReader, quote } from './reader.js';
import { OPERATIONS, type CommonInputName, type OperationName } from './schema.js';

/** Settings every operation shares: where, as whom, how patiently, and how to report. */
export interface CommonSettings {
  operation: OperationName;
  region: string;
  auth: AuthSettings;
  endpointUrl?: string;
  forcePathStyle: boolean;
  dryRun: boolean;
  logFormat: LogFormat;
  maxAttempts: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  jobSummary: boolean;
  prComment: boolean;
  githubToken?: string;
}

export interface AuthSettings {
  roleToAssume?: string;
  webIdentityTokenFile?: string;
  audience: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  skipSessionTagging: boolean;
  allowedAccountIds: string[];
}

const AWS_REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const ANY_REGION = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export function parseOperation(reader: InputReader<CommonInputName>): OperationName {
  return reader.choice('operation', OPERATIONS);
}

/**
 * The log format, read first so that even an error in the other inputs is logged as asked. A bad
 * value reads as "not chosen" here; `parseCommon` reports it with the other inputs.
 */
export function parseLogFormat(reader: InputReader<CommonInputName>): LogFormat | undefined {
  try {
    return reader.choice('log-format', LOG_FORMATS);
  } catch {
    return undefined;
  }
}

/** The default session name: `gh-<repo>-<run_id>-<attempt>`, sanitised to STS's alphabet and 64 chars. */
export function defaultSessionName(
  env: Readonly<Record<string, string | undefined>>,
  now = Date.now(),
): string {
  const github = githubContext(env);
  const repo = repoName(github);
  const raw =
    github.runId && repo
      ? `gh-${repo}-${github.runId}-${github.runAttempt ?? '1'}`
      : `aws-task-pack-${Math.floor(now / 1000)}`;
  return raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/**
 * Every common input, validated before any request. Long because it is a flat list of one check per
 * input: splitting it would only scatter the inputs.
 */
export function parseCommon(
  reader: InputReader<CommonInputName>,
  env: Readonly<Record<string, string | undefined>>,
  operation: OperationName,
): CommonSettings {
  const endpointUrl = reader.string('endpoint-url') ?? (env.AWS_ENDPOINT_URL?.trim() || undefined);
  if (endpointUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpointUrl);
    } catch {
      url = undefined;
    }
    if (url && (url.username || url.password))
      // Not repeated: the part before `@` may be a password.
      throw new InputError(
        'endpoint-url',
        'holds a user name or password',
        'an http(s) URL without credentials (the AWS credentials sign every request)',
      );
    if (!url || !/^https?:$/.test(url.protocol))
      throw new InputError(
        'endpoint-url',
        `${quote(endpointUrl)} is not a usable URL`,
        'an http(s) URL such as `https://minio.example.com:9000`',
      );
  }

  const region =
    reader.string('aws-region') ??
    (env.AWS_REGION?.trim() || undefined) ??
    (env.AWS_DEFAULT_REGION?.trim() || undefined);
  if (!region)
    throw new InputError(
      'aws-region',
      'no region given and neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set',
      'a region such as `us-east-1`',
    );
  if (!(endpointUrl ? ANY_REGION : AWS_REGION).test(region))
    throw new InputError(
      'aws-region',
      `${quote(region)} is not a region name`,
      'a region such as `eu-west-1`',
    );

  const roleToAssume = reader.string('role-to-assume');
  if (roleToAssume !== undefined && !isValidRoleArn(roleToAssume, endpointUrl !== undefined))
    throw new InputError(
      'role-to-assume',
      `${quote(roleToAssume)} is not a role ARN`,
      '`arn:<partition>:iam::<12-digit account>:role/<name>`',
    );

  const explicitSession = reader.string('role-session-name');
  if (explicitSession !== undefined && !SESSION_NAME.test(explicitSession))
    throw new InputError(
      'role-session-name',
      `${quote(explicitSession)} is not allowed`,
      '2–64 characters of `[A-Za-z0-9_+=,.@-]`',
    );

  const allowedAccountIds = reader.list('allowed-account-ids');
  for (const id of allowedAccountIds)
    if (!/^\d{12}$/.test(id))
      throw new InputError(
        'allowed-account-ids',
        `${quote(id)} is not an account id`,
        'comma-separated 12-digit account ids',
      );

  const audience = reader.string('audience')!;
  if (/\s/.test(audience))
    throw new InputError('audience', `${quote(audience)} contains whitespace`, 'a single audience string');

  const webIdentityTokenFile = reader.string('web-identity-token-file');
  if (webIdentityTokenFile !== undefined && roleToAssume === undefined)
    throw new InputError('web-identity-token-file', 'is set but `role-to-assume` is not', 'both, or neither');

  return {
    operation,
    region,
    auth: {
      roleToAssume,
      webIdentityTokenFile,
      audience,
      roleSessionName: explicitSession ?? defaultSessionName(env),
      roleDurationSeconds: reader.integer('role-duration-seconds', 900, 43200),
      skipSessionTagging: reader.boolean('role-skip-session-tagging'),
      allowedAccountIds,
    },
    endpointUrl,
    forcePathStyle: reader.boolean('force-path-style'),
    dryRun: reader.boolean('dry-run', operation === 'prune'),
    logFormat: reader.choice('log-format', LOG_FORMATS),
    maxAttempts: reader.integer('max-attempts', 1, 20),
    connectTimeoutMs: reader.integer('connect-timeout-ms', 100, 600000),
    readTimeoutMs: reader.integer('read-timeout-ms', 100, 3600000),
    jobSummary: reader.boolean('job-summary'),
    prComment: reader.boolean('pr-comment'),
    githubToken: reader.string('github-token') ?? githubContext(env).token,
  };
}
