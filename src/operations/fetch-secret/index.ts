import { asTaskError } from '../../aws/classify.js';
import { CancelledError, InputError, TaskError } from '../../errors.js';
import { COMMON_OUTPUTS, SHARED_OUTPUTS, type OutputSpec } from '../../inputs/schema.js';
import { FETCH_SECRET_OUTPUTS } from './schema.js';
import { count, formatTime } from '../../report/format.js';
import type { Fact, Report } from '../../report/report.js';
import type { Operation, OperationContext, Outcome, Plan } from '../operation.js';
import { describeSecrets, readSecrets, type Described, type SecretFailure } from './read.js';
import { assertNoRefusedNames, type ExportedName } from './refused-names.js';
import { parseFetchSecret, type FetchSecretSettings, type SecretRequest } from './settings.js';
import {
  assertJsonKeysFound,
  maskableValues,
  settleVariables,
  variableName,
  variablesOf,
  type SecretValue,
  type Variable,
} from './variables.js';
import { writeVariableFiles } from './write-files.js';

/** The step outputs a fetch-secret step sets itself; a variable output must not replace one. */
const OWN_OUTPUTS = new Set(
  Object.entries({ ...COMMON_OUTPUTS, ...SHARED_OUTPUTS, ...FETCH_SECRET_OUTPUTS } as Record<
    string,
    OutputSpec
  >)
    .filter(([, spec]) => !spec.operations || spec.operations.includes('fetch-secret'))
    .map(([name]) => name),
);

/** Values shorter than this mask poorly: they also hide unrelated log text. */
const SHORT_VALUE = 4;

export interface FetchSecretPlan extends Plan {
  /** Dry-run only: what DescribeSecret found. */
  described?: Described[];
  requestCount: number;
}

/** On failure, nothing was exported: the lists are empty and `failure` says why. */
export interface FetchSecretResult extends Outcome {
  secrets: Array<{ request: SecretRequest; secret: SecretValue; variables: string[] }>;
  variables: Variable[];
  files: string[];
  requestCount: number;
  method: 'batch' | 'single';
}

/** Secrets named by several lines count once. */
function distinctSecrets(secrets: SecretValue[]): number {
  return new Set(secrets.map((s) => s.arn ?? s.name)).size;
}

function failureError(failures: SecretFailure[]): TaskError {
  const denied = failures.some((f) => f.kind === 'accessDenied');
  const list = failures.map((f) => `${f.secret}: ${f.errorCode}`).join('; ');
  return new TaskError(
    denied ? 'accessDenied' : 'awsApi',
    `${failures.length} secret${failures.length === 1 ? '' : 's'} could not be read (${list}). Nothing was exported.`,
    {
      errorCode: failures.find((f) => f.kind === 'accessDenied')?.errorCode ?? failures[0]!.errorCode,
      hint: denied
        ? 'Grant `secretsmanager:GetSecretValue` (and `secretsmanager:BatchGetSecretValue`, plus `kms:Decrypt` for customer-managed keys) on these secrets to the role.'
        : 'Check the names in `secret-ids`, the region (`aws-region`, or the ARN’s own), and `version-stage`/`version-id`.',
    },
  );
}

/** Dry-run names: exact when they do not depend on the value, else a pattern. */
function plannedNames(settings: FetchSecretSettings, request: SecretRequest, secretName: string): string[] {
  const whole = variableName([request.alias || secretName], settings.transformation);
  if (!settings.parseJson) return [whole];
  const base = request.alias ?? secretName;
  if (settings.jsonKeys.length)
    return settings.jsonKeys.map((k) => variableName([base, ...k], settings.transformation));
  return [`${base ? `${whole}_` : ''}* (one per JSON key, or ${whole} if not JSON)`];
}

export const fetchSecret: Operation<FetchSecretSettings, FetchSecretPlan, FetchSecretResult> = {
  name: 'fetch-secret',

  parse: parseFetchSecret,

  async plan(ctx, settings) {
    if (!ctx.common.dryRun) {
      return {
        requestCount: 0,
        changes: settings.requests.map((r) => ({
          action: 'read',
          target: r.id ?? `${r.prefix}*`,
          reason: `listed in secret-ids (${r.region})`,
        })),
      };
    }
    const { described, failures, requestCount } = await describeSecrets(settings.requests, settings, {
      client: (region) => ctx.clients.secretsManager(region),
      logger: ctx.logger,
      signal: ctx.signal,
    });
    if (failures.length) throw failureError(failures);
    for (const d of described)
      ctx.logger.info('secret.planned', `(dryrun) read: ${d.name}`, {
        secret: d.name,
        version: d.versionId,
        variables: plannedNames(settings, d.request, d.name),
      });
    return {
      described,
      requestCount,
      changes: described.map((d) => ({
        action: 'export',
        target: d.name,
        reason: `exists, version ${d.versionId ?? '?'} readable by name`,
      })),
    };
  },

  async apply(ctx, settings) {
    try {
      return await fetchAndExport(ctx, settings);
    } catch (err) {
      return {
        secrets: [],
        variables: [],
        files: [],
        requestCount: 0,
        method: 'single',
        failure: asTaskError(err, ctx.signal),
      };
    }
  },

  report(ctx, settings, plan, result): Report {
    return result?.failure ? failedReport(ctx, result.failure) : describe(ctx, settings, plan, result);
  },
};

/**
 * Every secret's variables, checked: each JSON key asked for was found, the same name from several
 * lines settles to one variable (or fails when the values differ), and the names a secret's author
 * chose are not ones the runner or a shell gives meaning to.
 */
function variablesFrom(
  settings: FetchSecretSettings,
  values: ReadonlyMap<SecretRequest, SecretValue[]>,
): Pick<FetchSecretResult, 'secrets' | 'variables'> {
  const secrets: FetchSecretResult['secrets'] = [];
  const named: Variable[] = [];
  const exported: ExportedName[] = [];
  for (const request of settings.requests) {
    const aliasName = request.alias ? variableName([request.alias], settings.transformation) : undefined;
    for (const secret of values.get(request) ?? []) {
      const vars = variablesOf(secret, request.alias, request.line, settings);
      secrets.push({ request, secret, variables: vars.map((v) => v.name) });
      named.push(...vars);
      exported.push(...vars.map((v) => ({ name: v.name, secretName: v.secretName, aliasName })));
    }
  }
  assertJsonKeysFound(
    secrets.map((s) => s.secret),
    settings.jsonKeys,
    settings.binaryEncoding,
  );
  const variables = settleVariables(named);
  // Before any file, variable or output is written: a refused name stops the whole export.
  if (settings.exportEnv) assertNoRefusedNames(exported);
  return { secrets, variables };
}

/** Reads every secret, then writes the files, then exports: a failure before the exports leaves nothing. */
async function fetchAndExport(
  ctx: OperationContext,
  settings: FetchSecretSettings,
): Promise<FetchSecretResult> {
  const outcome = await readSecrets(settings.requests, settings, {
    client: (region) => ctx.clients.secretsManager(region),
    logger: ctx.logger,
    signal: ctx.signal,
    // Mask before anything else is written: every value, line, JSON leaf and base64 form.
    onValue: (secret) =>
      maskableValues(secret, settings.parseJson ? settings.jsonKeys : []).forEach((v) =>
        ctx.registerSecret(v),
      ),
  });
  if (outcome.failures.length) throw failureError(outcome.failures);

  const { secrets, variables } = variablesFrom(settings, outcome.values);
  // A job cancelled while the values were in flight exports nothing.
  if (ctx.signal.aborted) throw new CancelledError();
  // A variable output named like one of ours (`variables` under `lowercase`) would silently replace it.
  const clash = settings.setOutputs ? variables.find((v) => OWN_OUTPUTS.has(v.name)) : undefined;
  if (clash)
    throw new InputError(
      'secret-ids',
      `${clash.secretName} maps to the variable ${clash.name}, which would replace the step output of that name`,
      'an alias (`ALIAS,name`), another `name-transformation`, or `set-outputs: false`',
    );

  for (const v of variables)
    if (v.value.length < SHORT_VALUE)
      ctx.logger.warning(
        'secret.short-value',
        `The value of ${v.name} is shorter than ${SHORT_VALUE} characters: masking it also hides unrelated log text, and it is weak as a secret`,
        {
          variable: v.name,
        },
      );

  let files: string[] = [];
  if (settings.writeToDir) {
    try {
      files = await writeVariableFiles(settings.writeToDir, variables);
    } catch (err) {
      throw new TaskError(
        'input',
        `Writing secrets to \`write-to-dir\` (${settings.writeToDir}) failed: ${(err as Error).message}.`,
        {
          errorCode: (err as { code?: string }).code ?? 'WriteFailed',
          hint: 'Use a writable directory that is not a symlink target of another file.',
          cause: err,
        },
      );
    }
  }
  // Files first: a failure there must not leave half the variables exported.
  if (settings.exportEnv) for (const v of variables) ctx.host.exportVariable(v.name, v.value);
  const read = distinctSecrets(secrets.map((s) => s.secret));
  ctx.logger.info(
    'secrets.fetched',
    `Read ${read} secret${read === 1 ? '' : 's'} in ${outcome.requestCount} request${outcome.requestCount === 1 ? '' : 's'}; ${variables.length} variable${variables.length === 1 ? '' : 's'}`,
    {
      secrets: read,
      variableCount: variables.length,
      requests: outcome.requestCount,
      method: outcome.method,
      exportEnv: settings.exportEnv,
      setOutputs: settings.setOutputs,
      files: files.length,
    },
  );
  return { secrets, variables, files, requestCount: outcome.requestCount, method: outcome.method };
}

/** A failed fetch: no value was exported, so no output but the step's own. */
function failedReport(ctx: OperationContext, failure: TaskError): Report {
  return {
    headline: failure.message,
    facts: [
      ['Region', ctx.common.region],
      ['Exported to', 'nothing (the step failed before exporting)'],
    ],
    tables: [],
    notes: [],
    outputs: {},
  };
}

function describe(
  ctx: OperationContext,
  settings: FetchSecretSettings,
  plan: FetchSecretPlan,
  result: FetchSecretResult | undefined,
): Report {
  const targets = [
    settings.exportEnv && 'env',
    settings.setOutputs && 'step outputs',
    settings.writeToDir && `files in ${settings.writeToDir}`,
  ].filter((t): t is string => Boolean(t));
  const where = targets.length
    ? targets.join(', ')
    : 'nowhere (export-env, set-outputs and write-to-dir are all off)';
  const facts: Fact[] = [['Region', ctx.common.region]];
  if (!result) {
    const described = plan.described ?? [];
    const checked = new Set(described.map((d) => d.arn ?? d.name)).size;
    const names = [...new Set(described.flatMap((d) => plannedNames(settings, d.request, d.name)))];
    return {
      headline: `Plan: read ${count(checked, 'secret')} (${checked === 1 ? 'it exists' : 'all exist'}), ${count(names.length, 'variable')} to export`,
      callouts: ['Dry run: no secret value was read and nothing was exported.'],
      facts: [...facts, ['Would export to', where], ['Requests', String(plan.requestCount), 'runner']],
      tables: [
        {
          title: 'Secrets to read',
          columns: ['Secret', 'Requested as', 'Version', 'Last changed', 'Variables'],
          rows: described.map((d) => [
            d.name,
            d.request.line,
            d.versionId ?? '',
            d.lastChanged ? formatTime(d.lastChanged) : '',
            plannedNames(settings, d.request, d.name).join(', '),
          ]),
          naturalSort: true,
        },
      ],
      notes: [],
      outputs: {
        'secret-count': String(checked),
        // The names known without reading a value; `*` patterns (JSON keys) are left out.
        variables: JSON.stringify(names.filter((n) => !n.includes('*'))),
      },
    };
  }
  const read = distinctSecrets(result.secrets.map((s) => s.secret));
  const outputs: Record<string, string> = {
    'secret-count': String(read),
    variables: JSON.stringify(result.variables.map((v) => v.name)),
  };
  if (settings.setOutputs) for (const v of result.variables) outputs[v.name] = v.value;
  return {
    headline: `Read ${count(read, 'secret')}; ${count(result.variables.length, 'variable')} exported to ${targets.length ? targets.join(', ') : 'nowhere'}`,
    facts: [
      ...facts,
      ['Exported to', where],
      [
        'Requests',
        `${result.requestCount} (${result.method === 'batch' ? 'BatchGetSecretValue' : 'GetSecretValue per secret'})`,
        'runner',
      ],
    ],
    tables: [
      {
        title: 'Secrets read',
        columns: ['Secret', 'Requested as', 'Version', 'Stages', 'Variables'],
        rows: result.secrets.map((s) => [
          s.secret.name,
          s.request.line,
          s.secret.versionId ?? '',
          s.secret.stages.join(', '),
          s.variables.join(', '),
        ]),
        naturalSort: true,
      },
    ],
    notes: [],
    outputs,
  };
}
