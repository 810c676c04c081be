import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { wrapAwsError } from '../aws/classify.js';
import { ClientFactory } from '../aws/client-factory.js';
import { TaskError } from '../errors.js';
import { githubContext } from '../host/github-context.js';
import type { Host } from '../host/host.js';
import type { CommonSettings } from '../inputs/common.js';
import type { Logger } from '../logging/logger.js';
import { VERSION } from '../version.js';
import type { BackoffOptions } from './backoff.js';
import { authenticate, type AuthResult } from './credentials.js';

export interface SessionDeps {
  host: Host;
  logger: Logger;
  signal: AbortSignal;
  registerSecret: (value: string) => void;
  backoff?: Pick<BackoffOptions, 'sleep' | 'random'>;
}

/**
 * Everything AWS a step needs before its plan: the clients (one factory), the credentials, and the
 * account guard (`allowed-account-ids`). Opening it is the first request of a run.
 */
export class AwsSession {
  readonly clients: ClientFactory;
  /** The caller's ARN, once the account guard asked STS (whether or not the account was allowed). */
  callerArn?: string;
  private auth?: AuthResult;

  constructor(
    private readonly common: CommonSettings,
    private readonly deps: SessionDeps,
  ) {
    const github = githubContext(deps.host.env);
    this.clients = new ClientFactory({
      region: common.region,
      endpointUrl: common.endpointUrl,
      forcePathStyle: common.forcePathStyle,
      maxAttempts: common.maxAttempts,
      connectTimeoutMs: common.connectTimeoutMs,
      readTimeoutMs: common.readTimeoutMs,
      signal: deps.signal,
      userAgent: [
        ['aws-task-pack', VERSION],
        ['op', common.operation],
        ...(github.runId
          ? ([['run', `${github.runId}#${github.runAttempt ?? '1'}`]] as Array<[string, string]>)
          : []),
      ],
    });
  }

  /** Authenticates, then checks the account against `allowed-account-ids` before any other call. */
  async open(): Promise<void> {
    const { common, deps } = this;
    this.auth = await authenticate(common.auth, {
      host: deps.host,
      logger: deps.logger,
      clients: this.clients,
      registerSecret: deps.registerSecret,
      signal: deps.signal,
      maxAttempts: common.maxAttempts,
      attemptTimeoutMs: common.connectTimeoutMs + common.readTimeoutMs,
      backoff: deps.backoff,
    });
    this.clients.useCredentials(this.auth.provider);
    if (common.auth.allowedAccountIds.length) await this.guardAccount(common.auth.allowedAccountIds);
  }

  private async guardAccount(allowed: string[]): Promise<void> {
    let identity;
    try {
      identity = await this.clients
        .sts()
        .send(new GetCallerIdentityCommand({}), { abortSignal: this.deps.signal });
    } catch (err) {
      throw wrapAwsError(err, 'GetCallerIdentity');
    }
    this.callerArn = identity.Arn ?? '';
    if (!identity.Account || !allowed.includes(identity.Account))
      throw new TaskError(
        'accessDenied',
        `The credentials belong to account ${identity.Account ?? '?'}, which is not in \`allowed-account-ids\`.`,
        {
          errorCode: 'AccountNotAllowed',
          hint: 'Check `role-to-assume` and the ambient credentials, or add the account to `allowed-account-ids`.',
        },
      );
    this.deps.logger.info('auth.account-allowed', `Account ${identity.Account} is allowed`, {
      account: identity.Account,
    });
  }

  /** How the step authenticated, for the summary. */
  describeCredentials(): string {
    const { auth } = this.common;
    if (this.auth?.method === 'default-chain') return 'default credential chain';
    const how = this.auth?.method === 'web-identity' ? 'web identity' : 'AssumeRole';
    return `${auth.roleToAssume} (${how}, session ${auth.roleSessionName})`;
  }

  destroy(): void {
    this.clients.destroy();
  }
}
