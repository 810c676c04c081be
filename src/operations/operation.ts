import type { ClientFactory } from '../aws/client-factory.js';
import type { TaskError } from '../errors.js';
import type { Host } from '../host/host.js';
import type { CommonSettings } from '../inputs/common.js';
import type { InputReader } from '../inputs/reader.js';
import type { OperationName } from '../inputs/spec.js';
import type { InputName } from './schema.js';
import type { Logger } from '../logging/logger.js';
import type { PlannedChange, Report } from '../report/report.js';

/**
 * The host as an operation sees it: no outputs, no summary, no raw inputs. What a step leaves behind
 * comes from its report alone, so it is the same whichever way the operation ended.
 */
export type OperationHost = Pick<Host, 'env' | 'tempDir' | 'exportVariable'>;

/** What an operation can use while it runs. */
export interface OperationContext {
  host: OperationHost;
  logger: Logger;
  clients: ClientFactory;
  common: CommonSettings;
  signal: AbortSignal;
  /**
   * Masks a value everywhere: the host's masking and our redactor. With `mask: false` only our
   * redactor: kept out of everything we print (logs, summary, comments, the CLI's stdout), yet not
   * masked by the runner, which drops job outputs holding a masked value (a presigned URL in `urls`).
   */
  registerSecret(value: string, options?: { mask?: boolean }): void;
}

export interface Plan {
  changes: PlannedChange[];
  /**
   * A safety rule refuses the plan (`max-deletes`, `overwrite: false` conflicts): nothing is applied,
   * and the report renders the refused plan with this failure.
   */
  refusal?: TaskError;
}

/** What `apply` returns: what it did, and the failure that stopped it (all of the work, or part). */
export interface Outcome {
  failure?: TaskError;
}

/**
 * Every operation is parse → plan → apply → report. `parse` is pure (a bad input costs zero
 * requests); `plan` reads the real state and says what it would change and why; errors up to here
 * are thrown, since nothing was written yet. `apply` does exactly what the plan says and never
 * throws: a failure comes back inside its outcome, beside what was done before it. Dry-run is plan
 * only. `report` feeds the one renderer (summary, PR comment, logs, outputs) for success, partial
 * failure and failure alike.
 */
export interface Operation<S, P extends Plan, R extends Outcome> {
  readonly name: OperationName;
  /** `env` is the step's environment as the host sees it (GitHub context for placeholders). */
  parse(
    reader: InputReader<InputName>,
    common: CommonSettings,
    env: Readonly<Record<string, string | undefined>>,
  ): S;
  plan(ctx: OperationContext, settings: S): Promise<P>;
  apply(ctx: OperationContext, settings: S, plan: P): Promise<R>;
  /** `outcome` is undefined in a dry run or when the plan was refused. */
  report(ctx: OperationContext, settings: S, plan: P, outcome: R | undefined): Report;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, Plan, any>;
