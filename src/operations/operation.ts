import type { ClientFactory } from '../aws/client-factory.js';
import type { TaskError } from '../errors.js';
import type { Host } from '../host/host.js';
import type { CommonSettings } from '../inputs/common.js';
import type { InputReader } from '../inputs/reader.js';
import type { OperationName } from '../inputs/schema.js';
import type { Logger } from '../logging/logger.js';
import type { PlannedChange, Report } from '../report/report.js';

/** What an operation can use while it runs. */
export interface OperationContext {
  host: Host;
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
   * Set when the plan breaks a safety limit (`max-deletes`, `overwrite: false` conflicts): apply is
   * not run, and the report shows the refused plan with this error as its failure.
   */
  refused?: TaskError;
}

/**
 * Every operation is parse → plan → apply. `parse` is pure (a bad input costs zero requests); `plan`
 * reads the real state and says what it would change and why; `apply` does exactly that. Dry-run
 * is plan only. `report` feeds the one renderer (summary, logs, outputs).
 */
export interface Operation<S, P extends Plan, R> {
  readonly name: OperationName;
  /** `env` is the step's environment as the host sees it (GitHub context for placeholders). */
  parse(reader: InputReader, common: CommonSettings, env: Readonly<Record<string, string | undefined>>): S;
  plan(ctx: OperationContext, settings: S): Promise<P>;
  apply(ctx: OperationContext, settings: S, plan: P): Promise<R>;
  report(ctx: OperationContext, settings: S, plan: P, result: R | undefined): Report;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, Plan, any>;
