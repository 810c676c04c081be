import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, type Credentials } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { awsErrorCode, httpStatus, isRetryable, networkCode, wrapAwsError } from '../aws/classify.js';
import type { ClientFactory } from '../aws/client-factory.js';
import { TaskError } from '../errors.js';
import { githubContext, isForkPullRequest } from '../host/github-context.js';
import { IdTokenRequestError, type Host } from '../host/host.js';
import type { AuthSettings } from '../inputs/common.js';
import type { Logger } from '../logging/logger.js';
import { withBackoff, type BackoffOptions } from './backoff.js';
import { FileIdTokenSource, GitHubIdTokenSource, type IdTokenSource } from './id-token.js';
import { githubSessionTags } from './session-tags.js';

export type AuthMethod = 'web-identity' | 'assume-role' | 'default-chain';

export interface AuthResult {
  method: AuthMethod;
  provider: AwsCredentialIdentityProvider;
  /** The assumed role's session ARN when STS told us (AssumeRole*), else undefined. */
  assumedRoleArn?: string;
  expiration?: Date;
}

export interface AuthDeps {
  host: Host;
  logger: Logger;
  clients: ClientFactory;
  /** Registers a secret with the host's masking and our redactor. */
  registerSecret: (value: string) => void;
  signal?: AbortSignal;
  maxAttempts: number;
  /** Per-attempt bound for the token request and the STS call. */
  attemptTimeoutMs: number;
  backoff?: Pick<BackoffOptions, 'sleep' | 'random'>;
  now?: () => number;
}

/** The token endpoint answers in well under a second; do not wait a whole read timeout for it. */
const TOKEN_TIMEOUT_MS = 15_000;

/** Refresh this long before the credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

const ID_TOKEN_HINT =
  'Grant the job `permissions: id-token: write`. Pull requests from forks never get an ID token: run AWS steps on `pull_request_target` with care, on `workflow_run`, or only on branches of this repository.';

/**
 * Credentials that obtain themselves again before they expire. Concurrent callers share one refresh.
 */
class RefreshingCredentials {
  private current?: AwsCredentialIdentity;
  private inflight?: Promise<AwsCredentialIdentity>;

  constructor(
    private readonly obtain: () => Promise<AwsCredentialIdentity>,
    private readonly now: () => number,
  ) {}

  readonly provider: AwsCredentialIdentityProvider = async () => {
    const exp = this.current?.expiration?.getTime();
    if (this.current && (exp === undefined || exp - this.now() > REFRESH_MARGIN_MS)) return this.current;
    this.inflight ??= this.obtain().finally(() => (this.inflight = undefined));
    this.current = await this.inflight;
    return this.current;
  };
}

function toIdentity(creds: Credentials | undefined, step: string): AwsCredentialIdentity {
  if (!creds?.AccessKeyId || !creds.SecretAccessKey)
    throw new TaskError('credentials', `${step} returned no credentials.`, { errorCode: 'NoCredentials' });
  return {
    accessKeyId: creds.AccessKeyId,
    secretAccessKey: creds.SecretAccessKey,
    sessionToken: creds.SessionToken,
    expiration: creds.Expiration,
  };
}

/** Any rejection by STS while obtaining credentials is a credentials failure (exit 2); sockets stay network (3). */
function credentialsFailure(err: unknown, step: string, hint: string): TaskError {
  if (err instanceof TaskError) return err;
  if (err instanceof IdTokenRequestError)
    return new TaskError('credentials', `Requesting the GitHub OIDC ID token failed: ${err.message}.`, {
      errorCode: 'IdTokenRequestFailed',
      hint: ID_TOKEN_HINT,
      cause: err,
    });
  const wrapped = wrapAwsError(err, step);
  if (wrapped.kind === 'network' || wrapped.kind === 'cancelled') return wrapped;
  // Throttling or a 5xx that outlasted the retries is trouble at STS (exit 5), not a rejected role (exit 2).
  if (isRetryable(err)) return wrapped;
  if (
    httpStatus(err) !== undefined ||
    wrapped.kind === 'accessDenied' ||
    wrapped.kind === 'awsApi' ||
    wrapped.kind === 'credentials'
  ) {
    const status = httpStatus(err);
    const code =
      status === 403 && /^(Unknown|Http403|403|Error)$/.test(awsErrorCode(err))
        ? 'AccessDenied'
        : awsErrorCode(err);
    return new TaskError('credentials', wrapped.message, { errorCode: code, hint, cause: err });
  }
  if ((err as { name?: string }).name === 'EmptyTokenFile' || (err as { code?: string }).code === 'ENOENT')
    return new TaskError('credentials', `Reading the web identity token failed: ${(err as Error).message}`, {
      errorCode: 'WebIdentityTokenUnreadable',
      hint: 'Check `web-identity-token-file`.',
      cause: err,
    });
  return wrapped;
}

function retryableForAuth(err: unknown): boolean {
  if (err instanceof IdTokenRequestError) return err.retryable;
  return isRetryable(err) || (networkCode(err) !== undefined && networkCode(err) !== 'ENOTFOUND');
}

/** Neither a role nor a token: the SDK's default chain, checked once so a missing one fails here. */
async function useDefaultChain(logger: Logger): Promise<AuthResult> {
  const chain = fromNodeProviderChain();
  try {
    await chain();
  } catch (err) {
    throw new TaskError(
      'credentials',
      'No AWS credentials were found (environment, profile, container or instance role).',
      {
        errorCode: 'NoCredentials',
        hint: 'Set `role-to-assume` (with `permissions: id-token: write` for GitHub OIDC), or provide credentials in the environment.',
        cause: err,
      },
    );
  }
  logger.info('auth.ready', 'Using the default credential chain', { method: 'default-chain' });
  return { method: 'default-chain', provider: chain };
}

/** `role-to-assume` without a token and without ambient credentials: say which of the two is missing where. */
function noAmbientCredentials(host: Host, err: unknown): TaskError {
  const github = githubContext(host.env);
  const inActions = github.inActions;
  const fork = inActions && isForkPullRequest(github);
  const message = fork
    ? `\`role-to-assume\` is set but this is a pull request from a fork, and GitHub gives forks no OIDC ID token; there are no other credentials to assume the role with.`
    : inActions
      ? '`role-to-assume` is set but no OIDC ID token can be requested (`ACTIONS_ID_TOKEN_REQUEST_URL` is missing) and no other credentials are available.'
      : '`role-to-assume` is set but there is no web identity token (`web-identity-token-file`) and no ambient credentials to assume it with.';
  return new TaskError('credentials', message, {
    errorCode: inActions ? 'NoIdToken' : 'NoCredentials',
    hint: inActions ? ID_TOKEN_HINT : 'Provide `web-identity-token-file` or credentials in the environment.',
    cause: err,
  });
}

/** One way of assuming the role: the STS call (built afresh per attempt) and how to report it. */
interface AssumePath {
  method: 'web-identity' | 'assume-role';
  step: string;
  hint: string;
  call: () => Promise<{ Credentials?: Credentials; AssumedRoleUser?: { Arn?: string } }>;
  fields: Record<string, unknown>;
  description: string;
}

function retryOptions(step: string, deps: AuthDeps): BackoffOptions {
  return {
    maxAttempts: deps.maxAttempts,
    signal: deps.signal,
    retryable: retryableForAuth,
    ...deps.backoff,
    onRetry: (err, attempt, delayMs) =>
      deps.logger.info(
        'auth.retry',
        `${step} attempt ${attempt} failed (${awsErrorCode(err)}); retrying in ${delayMs} ms`,
        { attempt, errorCode: awsErrorCode(err) },
      ),
  };
}

/** Assumes the role with retries and self-refresh; every credential STS hands out is registered as a secret. */
async function assumeRole(
  settings: AuthSettings,
  deps: AuthDeps,
  role: string,
  path: AssumePath,
): Promise<AuthResult> {
  const { method, step } = path;
  let assumedRoleArn: string | undefined;
  const obtain = async (): Promise<AwsCredentialIdentity> => {
    try {
      return await withBackoff(
        async () => {
          const out = await path.call();
          assumedRoleArn = out.AssumedRoleUser?.Arn;
          const identity = toIdentity(out.Credentials, step);
          deps.registerSecret(identity.accessKeyId);
          deps.registerSecret(identity.secretAccessKey);
          if (identity.sessionToken) deps.registerSecret(identity.sessionToken);
          return identity;
        },
        retryOptions(step, deps),
      );
    } catch (err) {
      throw credentialsFailure(err, `${step} ${role}`, path.hint);
    }
  };
  const refreshing = new RefreshingCredentials(obtain, deps.now ?? Date.now);
  const first = await refreshing.provider();
  deps.logger.info('auth.ready', path.description, {
    method,
    sessionName: settings.roleSessionName,
    ...path.fields,
    expiration: first.expiration?.toISOString(),
  });
  return { method, provider: refreshing.provider, assumedRoleArn, expiration: first.expiration };
}

/**
 * Chooses and runs the authentication path:
 * - `role-to-assume` + an ID token (GitHub OIDC or a token file): AssumeRoleWithWebIdentity;
 * - `role-to-assume` without one: AssumeRole from the ambient credentials (role chaining);
 * - neither: the SDK's default chain.
 * Credentials obtained from STS are masked and refresh themselves before they expire.
 */
export async function authenticate(settings: AuthSettings, deps: AuthDeps): Promise<AuthResult> {
  const { host, logger } = deps;
  const role = settings.roleToAssume;
  if (!role) return useDefaultChain(logger);

  let tokenSource: IdTokenSource | undefined;
  if (settings.webIdentityTokenFile) tokenSource = new FileIdTokenSource(settings.webIdentityTokenFile);
  else if (host.canRequestIdToken()) tokenSource = new GitHubIdTokenSource(host, settings.audience);

  if (tokenSource) {
    const source = tokenSource;
    const sts = deps.clients.stsForAuth();
    return assumeRole(settings, deps, role, {
      method: 'web-identity',
      step: 'AssumeRoleWithWebIdentity',
      hint: 'Check that the role trusts the OIDC provider for this repository: its trust policy must allow `sts:AssumeRoleWithWebIdentity` for the provider, with `sub` and `aud` conditions this run matches (and `audience` must match `aud`).',
      call: async () => {
        // A fresh token for every attempt and every refresh: a retry never reuses a stale one.
        const token = await source.fetch(Math.min(deps.attemptTimeoutMs, TOKEN_TIMEOUT_MS));
        deps.registerSecret(token);
        return sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: role,
            RoleSessionName: settings.roleSessionName,
            WebIdentityToken: token,
            DurationSeconds: settings.roleDurationSeconds,
          }),
          { abortSignal: deps.signal },
        );
      },
      fields: {},
      description: `Assumed ${role} with web identity from ${source.description}`,
    });
  }

  // Role chaining from whatever ambient credentials exist.
  const source = fromNodeProviderChain();
  try {
    await source();
  } catch (err) {
    throw noAmbientCredentials(host, err);
  }
  const sts = deps.clients.stsForAuth(source);
  const tags = settings.skipSessionTagging ? undefined : githubSessionTags(githubContext(host.env));
  return assumeRole(settings, deps, role, {
    method: 'assume-role',
    step: 'AssumeRole',
    hint: 'Check that the role trusts the source identity (and allows `sts:TagSession`, or set `role-skip-session-tagging: true`). Chained sessions are limited to 3600 seconds.',
    call: () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: role,
          RoleSessionName: settings.roleSessionName,
          DurationSeconds: settings.roleDurationSeconds,
          Tags: tags?.length ? tags : undefined,
        }),
        { abortSignal: deps.signal },
      ),
    fields: { tagged: Boolean(tags?.length) },
    description: `Assumed ${role} from the ambient credentials`,
  });
}
