import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { authenticate } from './auth/credentials.js';
import type { BackoffOptions } from './auth/backoff.js';
import { wrapAwsError } from './aws/classify.js';
import { ClientFactory } from './aws/client-factory.js';
import { CancelledError, EXIT_CODES, InputError, TaskError } from './errors.js';
import type { Host } from './host/host.js';
import { parseCommon, parseOperation, type CommonSettings } from './inputs/common.js';
import { assertInputsDeclared } from './inputs/declared.js';
import { InputReader } from './inputs/reader.js';
import { INPUTS } from './inputs/schema.js';
import { Logger } from './logging/logger.js';
import { Redactor } from './logging/redactor.js';
import type { OperationContext } from './operations/operation.js';
import { OPERATION_REGISTRY } from './operations/registry.js';
import { renderMarkdown, type ReportStatus } from './report/markdown.js';
import {
  commentContext,
  COMMENT_LIMIT_CHARS,
  prCommentTarget,
  upsertPrComment,
} from './report/pr-comment.js';
import type { Report } from './report/report.js';
import { VERSION } from './version.js';

export interface RunOptions {
  signal?: AbortSignal;
  /** Tests make retries instant. */
  backoff?: Pick<BackoffOptions, 'sleep' | 'random'>;
  /** The caller's redactor, when it prints anything itself afterwards (the CLI's stdout). */
  redactor?: Redactor;
}

function toTaskError(err: unknown, signal: AbortSignal): TaskError {
  if (signal.aborted && !(err instanceof InputError))
    return err instanceof CancelledError ? err : new CancelledError();
  if (err instanceof TaskError) return err;
  const wrapped = wrapAwsError(err, 'The step');
  if (wrapped.kind !== 'unexpected') return wrapped;
  return new TaskError('unexpected', `Unexpected error: ${(err as Error)?.message ?? String(err)}`, {
    errorCode: 'Unexpected',
    hint: 'This is a bug in aws-task-pack: please report it with the debug log (`RUNNER_DEBUG=1`).',
    cause: err,
  });
}

/**
 * Runs one operation end to end on a host and returns the exit code. Inputs are parsed completely
 * before anything is requested, so a bad input costs zero requests.
 */
export async function runTask(host: Host, options: RunOptions = {}): Promise<number> {
  const signal = options.signal ?? new AbortController().signal;
  const redactor = options.redactor ?? new Redactor();
  const logger = new Logger(host, redactor);
  const registerSecret = (value: string, options?: { mask?: boolean }): void => {
    if (redactor.add(value) && options?.mask !== false) host.maskValue(value);
  };
  let clients: ClientFactory | undefined;
  let title = 'aws-task-pack';
  let jobSummary = true;
  let common: CommonSettings | undefined;
  const outputs: Record<string, string> = {};
  const setOutput = (name: string, value: string): void => {
    outputs[name] = value;
    host.setOutput(name, value);
  };

  // Before Markdown escaping: an escaped secret would no longer match.
  const redact = (text: string): string => redactor.redact(text);

  /** One renderer, two places: the job summary and (on pull requests, when asked) the sticky PR comment. */
  const publish = async (report: Report, status: ReportStatus, overflowDir?: string): Promise<void> => {
    if (jobSummary)
      await host.appendSummary(
        redactor.redact(renderMarkdown(report, { title, status, overflowDir, redact })),
      );
    if (!common?.prComment) return;
    const target = prCommentTarget(host.env);
    if (!target) {
      logger.debug(
        'pr-comment.skipped',
        'pr-comment only acts on pull_request and pull_request_target events',
      );
      return;
    }
    if (!common.githubToken) {
      logger.warning(
        'pr-comment.no-token',
        'pr-comment is on but there is no `github-token`; no comment was posted',
      );
      return;
    }
    const body = renderMarkdown(report, {
      title,
      status,
      limitBytes: COMMENT_LIMIT_CHARS,
      elsewhere: 'the job summary',
      redact,
      context: commentContext(host.env, target, new Date()),
      publicOnly: true,
    });
    await upsertPrComment(target, redactor.redact(body), common.githubToken, logger);
  };

  try {
    const reader = new InputReader((name) => host.getInput(name));
    const format = host.getInput('log-format');
    if (format === 'json' || format === 'text') logger.configure({ format });
    assertInputsDeclared(host.givenInputs(), INPUTS);
    const name = parseOperation(reader);
    title = name;
    logger.configure({ operation: name });
    assertInputsDeclared(host.givenInputs(), INPUTS, name);
    const operation = OPERATION_REGISTRY[name];
    common = parseCommon(reader, host.env, name);
    jobSummary = common.jobSummary;
    if (common.githubToken && common.prComment) registerSecret(common.githubToken);
    const settings = operation.parse(reader, common, host.env);
    // Nothing above made a request.

    clients = new ClientFactory({
      region: common.region,
      endpointUrl: common.endpointUrl,
      forcePathStyle: common.forcePathStyle,
      maxAttempts: common.maxAttempts,
      connectTimeoutMs: common.connectTimeoutMs,
      readTimeoutMs: common.readTimeoutMs,
      signal,
      userAgent: [
        ['aws-task-pack', VERSION],
        ['op', name],
        ...(host.env.GITHUB_RUN_ID
          ? ([['run', `${host.env.GITHUB_RUN_ID}#${host.env.GITHUB_RUN_ATTEMPT ?? '1'}`]] as Array<
              [string, string]
            >)
          : []),
      ],
    });
    logger.debug('settings', 'Settings parsed', {
      region: common.region,
      endpoint: common.endpointUrl,
      dryRun: common.dryRun,
    });

    const auth = await authenticate(common.auth, {
      host,
      logger,
      clients,
      registerSecret,
      signal,
      maxAttempts: common.maxAttempts,
      attemptTimeoutMs: common.connectTimeoutMs + common.readTimeoutMs,
      backoff: options.backoff,
    });
    clients.useCredentials(auth.provider);

    if (common.auth.allowedAccountIds.length) {
      let identity;
      try {
        identity = await clients.sts().send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      } catch (err) {
        throw wrapAwsError(err, 'GetCallerIdentity');
      }
      setOutput('caller-arn', identity.Arn ?? '');
      if (!identity.Account || !common.auth.allowedAccountIds.includes(identity.Account))
        throw new TaskError(
          'accessDenied',
          `The credentials belong to account ${identity.Account ?? '?'}, which is not in \`allowed-account-ids\`.`,
          {
            errorCode: 'AccountNotAllowed',
            hint: 'Check `role-to-assume` and the ambient credentials, or add the account to `allowed-account-ids`.',
          },
        );
      logger.info('auth.account-allowed', `Account ${identity.Account} is allowed`, {
        account: identity.Account,
      });
    }

    const ctx: OperationContext = { host, logger, clients, common, signal, registerSecret };
    const plan = await operation.plan(ctx, settings);
    if (signal.aborted) throw new CancelledError();
    const result = common.dryRun || plan.refused ? undefined : await operation.apply(ctx, settings, plan);
    const report: Report = operation.report(ctx, settings, plan, result);
    report.failure ??= plan.refused;
    const credentials =
      auth.method === 'default-chain'
        ? 'default credential chain'
        : `${common.auth.roleToAssume} (${auth.method === 'web-identity' ? 'web identity' : 'AssumeRole'}, session ${common.auth.roleSessionName})`;
    report.facts.push(['Credentials', credentials, 'runner']);
    // Prose is made inert (no autolink): an endpoint is an address for the SDK, not a page to open.
    if (common.endpointUrl) report.facts.push(['Endpoint', common.endpointUrl, 'runner']);

    logger.info('done', report.headline, { dryRun: common.dryRun, planned: plan.changes.length });
    setOutput('dry-run', String(common.dryRun));
    for (const [key, value] of Object.entries(report.outputs)) setOutput(key, value);
    // Names only: an output may hold a bearer URL (`urls` with presigned links) no log may show.
    logger.debug('outputs', 'Outputs set', { names: Object.keys(outputs) });
    const failure = report.failure;
    if (failure)
      logger.error('failed', failure.annotation, {
        exitCode: failure.exitCode,
        errorCode: failure.errorCode,
      });
    setOutput('exit-code', String(failure?.exitCode ?? 0));
    setOutput('error-code', failure?.errorCode ?? '');
    await publish(
      report,
      failure
        ? failure.kind === 'cancelled' || failure.kind === 'refused'
          ? failure.kind
          : 'failed'
        : report.warning
          ? 'warning'
          : common.dryRun
            ? 'planned'
            : 'succeeded',
      host.tempDir,
    );
    return failure?.exitCode ?? EXIT_CODES.success;
  } catch (err) {
    const error = toTaskError(err, signal);
    logger.error('failed', error.annotation, { exitCode: error.exitCode, errorCode: error.errorCode });
    if (error.kind === 'unexpected' && error.cause instanceof Error)
      logger.debug('failed.stack', error.cause.stack ?? String(error.cause));
    setOutput('exit-code', String(error.exitCode));
    setOutput('error-code', error.errorCode);
    await publish(
      {
        headline: error.annotation,
        facts: [
          ['Exit code', String(error.exitCode)],
          ['Error code', error.errorCode],
          ...(common ? ([['Region', common.region]] as Array<[string, string]>) : []),
        ],
        tables: [],
        notes: [],
        outputs: {},
      },
      error.kind === 'cancelled' || error.kind === 'refused' ? error.kind : 'failed',
    ).catch(() => undefined);
    return error.exitCode;
  } finally {
    clients?.destroy();
  }
}
