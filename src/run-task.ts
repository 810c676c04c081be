import { AwsSession } from './auth/session.js';
import type { BackoffOptions } from './auth/backoff.js';
import { asTaskError } from './aws/classify.js';
import { EXIT_CODES, type TaskError } from './errors.js';
import type { Host } from './host/host.js';
import { parseCommon, parseLogFormat, parseOperation, type CommonSettings } from './inputs/common.js';
import { assertInputsDeclared } from './inputs/declared.js';
import { Logger } from './logging/logger.js';
import { Redactor } from './logging/redactor.js';
import type { AnyOperation, OperationContext } from './operations/operation.js';
import { loadOperation } from './operations/registry.js';
import { INPUTS, schemaReader } from './operations/schema.js';
import type { ReportStatus } from './report/markdown.js';
import { Publisher } from './report/publish.js';
import type { Report } from './report/report.js';

export interface RunOptions {
  signal?: AbortSignal;
  /** Tests make retries instant. */
  backoff?: Pick<BackoffOptions, 'sleep' | 'random'>;
  /** The caller's redactor, when it prints anything itself afterwards (the CLI's stdout). */
  redactor?: Redactor;
}

/** Everything one run shares: the host, the redaction, the log and the way out. */
interface Run {
  host: Host;
  signal: AbortSignal;
  redactor: Redactor;
  logger: Logger;
  publisher: Publisher;
  registerSecret: OperationContext['registerSecret'];
}

/**
 * Runs one operation end to end on a host and returns the exit code. Inputs are parsed completely
 * before anything is requested, so a bad input costs zero requests. Every result leaves by one
 * route: `finish`, which sets the outputs, logs the failure and publishes the summary.
 */
export async function runTask(host: Host, options: RunOptions = {}): Promise<number> {
  const redactor = options.redactor ?? new Redactor();
  const logger = new Logger(host, redactor);
  const run: Run = {
    host,
    signal: options.signal ?? new AbortController().signal,
    redactor,
    logger,
    publisher: new Publisher(host, redactor, logger),
    registerSecret: (value, opts) => {
      if (redactor.add(value) && opts?.mask !== false) host.maskValue(value);
    },
  };
  let common: CommonSettings | undefined;
  let session: AwsSession | undefined;
  try {
    const reader = schemaReader((name) => host.getInput(name));
    const format = parseLogFormat(reader);
    if (format) logger.configure({ format });
    assertInputsDeclared(host.givenInputs(), INPUTS);
    const name = parseOperation(reader);
    logger.configure({ operation: name });
    run.publisher.configure(name);
    assertInputsDeclared(host.givenInputs(), INPUTS, name);
    const operation = await loadOperation(name);
    common = parseCommon(reader, host.env, name);
    run.publisher.configure(name, common);
    if (common.githubToken && common.prComment) run.registerSecret(common.githubToken);
    const settings = operation.parse(reader, common, host.env);
    logger.debug('settings', 'Settings parsed', {
      region: common.region,
      endpoint: common.endpointUrl,
      dryRun: common.dryRun,
    });
    // Nothing above made a request.

    session = new AwsSession(common, { ...run, backoff: options.backoff });
    await session.open();
    return await planApplyReport(run, operation, settings, common, session);
  } catch (err) {
    const error = asTaskError(err, run.signal);
    const outputs: Record<string, string> =
      session?.callerArn !== undefined ? { 'caller-arn': session.callerArn } : {};
    return finish(run, failureReport(error, common, outputs), statusOf(error), error).catch(
      () => error.exitCode,
    );
  } finally {
    session?.destroy();
  }
}

/** The part of a run after authentication: from here on, every result is a report. */
async function planApplyReport(
  run: Run,
  operation: AnyOperation,
  settings: unknown,
  common: CommonSettings,
  session: AwsSession,
): Promise<number> {
  const { host, logger, signal, registerSecret } = run;
  const ctx: OperationContext = { host, logger, clients: session.clients, common, signal, registerSecret };
  const plan = await operation.plan(ctx, settings);
  if (signal.aborted) throw asTaskError(undefined, signal);
  const outcome = common.dryRun || plan.refusal ? undefined : await operation.apply(ctx, settings, plan);
  const failure: TaskError | undefined = outcome?.failure ?? plan.refusal;
  const report: Report = { ...operation.report(ctx, settings, plan, outcome), failure };
  // Runner-only facts: in the job summary, never in the PR comment.
  report.facts.push(['Credentials', session.describeCredentials(), 'runner']);
  // Prose is made inert (no autolink): an endpoint is an address for the SDK, not a page to open.
  if (common.endpointUrl) report.facts.push(['Endpoint', common.endpointUrl, 'runner']);
  logger.info('done', report.headline, { dryRun: common.dryRun, planned: plan.changes.length });
  report.outputs = {
    ...(session.callerArn !== undefined ? { 'caller-arn': session.callerArn } : {}),
    'dry-run': String(common.dryRun),
    ...report.outputs,
  };
  const status: ReportStatus = failure
    ? statusOf(failure)
    : report.warning
      ? 'warning'
      : common.dryRun
        ? 'planned'
        : 'succeeded';
  return finish(run, report, status, failure, host.tempDir);
}

/** How a failure shows in the summary's status mark. */
function statusOf(failure: TaskError): ReportStatus {
  return failure.kind === 'cancelled' || failure.kind === 'refused' ? failure.kind : 'failed';
}

/** The one way out: outputs (with `exit-code` and `error-code`), the failure's log line, the summary. */
async function finish(
  run: Run,
  report: Report,
  status: ReportStatus,
  failure: TaskError | undefined,
  overflowDir?: string,
): Promise<number> {
  const exitCode = failure?.exitCode ?? EXIT_CODES.success;
  run.publisher.writeOutputs({
    ...report.outputs,
    'exit-code': String(exitCode),
    'error-code': failure?.errorCode ?? '',
  });
  if (failure) {
    // Every failed step's summary names its codes the same way, whichever stage it failed in.
    if (!report.facts.some(([name]) => name === 'Exit code'))
      report.facts.push(['Exit code', String(exitCode)], ['Error code', failure.errorCode]);
    run.logger.error('failed', failure.annotation, { exitCode, errorCode: failure.errorCode });
    if (failure.kind === 'unexpected' && failure.cause instanceof Error)
      run.logger.debug('failed.stack', failure.cause.stack ?? String(failure.cause));
  }
  await run.publisher.publish(report, status, overflowDir);
  return exitCode;
}

/** The report of a run stopped before its first write (inputs, authentication, plan). */
function failureReport(
  error: TaskError,
  common: CommonSettings | undefined,
  outputs: Record<string, string>,
): Report {
  return {
    headline: error.annotation,
    facts: [
      ['Exit code', String(error.exitCode)],
      ['Error code', error.errorCode],
      ...(common ? ([['Region', common.region]] as Array<[string, string]>) : []),
    ],
    tables: [],
    notes: [],
    outputs,
  };
}
