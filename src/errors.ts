/**
 * The error taxonomy: every failure the action can report is one of these kinds, and each kind has
 * exactly one exit code. Messages say what went wrong and what to do; the cause is kept.
 */
export const EXIT_CODES = {
  success: 0,
  input: 1,
  credentials: 2,
  network: 3,
  accessDenied: 4,
  awsApi: 5,
  partial: 6,
  refused: 7,
  unexpected: 99,
  cancelled: 130,
} as const;

export type ErrorKind = Exclude<keyof typeof EXIT_CODES, 'success'>;

/** The exit-code table as documented in the README (generated from here). */
export const EXIT_CODE_TABLE: ReadonlyArray<{ code: number; meaning: string; examples: string }> = [
  { code: 0, meaning: 'success', examples: 'also a dry-run that planned changes' },
  {
    code: 1,
    meaning: 'invalid input or configuration',
    examples: 'bad bucket name, unknown operation, missing region, bad duration; costs zero requests',
  },
  {
    code: 2,
    meaning: 'credentials',
    examples:
      'none found; no OIDC token (missing `id-token: write`, fork PR); STS rejected the assume call (`InvalidIdentityToken`, `ExpiredToken`, `AccessDenied`, bare 403)',
  },
  { code: 3, meaning: 'network', examples: 'connection refused, DNS failure, timeout after retries' },
  {
    code: 4,
    meaning: 'access denied',
    examples:
      '`AccessDenied`, `AccessDeniedException`, KMS decryption denied, account not in `allowed-account-ids`',
  },
  {
    code: 5,
    meaning: 'AWS API error',
    examples: '`NoSuchBucket`, `ResourceNotFoundException`, other service errors',
  },
  { code: 6, meaning: 'partial failure', examples: 'some items failed, the rest succeeded' },
  { code: 7, meaning: 'refused by a safety rule', examples: 'a prune over its `max-deletes`' },
  {
    code: 99,
    meaning: 'unexpected',
    examples: 'a bug: the stack is logged in debug mode (`RUNNER_DEBUG=1`)',
  },
  {
    code: 130,
    meaning: 'cancelled',
    examples: 'SIGINT/SIGTERM (a cancelled job): in-flight work is stopped first',
  },
];

export interface TaskErrorOptions {
  /** The AWS error code (e.g. `AccessDenied`) or one of ours (e.g. `InvalidInput`). */
  errorCode: string;
  /** What the user should do about it. */
  hint?: string;
  cause?: unknown;
}

export class TaskError extends Error {
  readonly kind: ErrorKind;
  readonly errorCode: string;
  readonly hint?: string;

  constructor(kind: ErrorKind, message: string, options: TaskErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'TaskError';
    this.kind = kind;
    this.errorCode = options.errorCode;
    this.hint = options.hint;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  /** The one-line text for the `::error::` annotation: cause and fix. */
  get annotation(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** A bad input: names the input, the value (unless secret) and the expected form. */
export class InputError extends TaskError {
  readonly input: string;
  constructor(input: string, problem: string, expected?: string) {
    super('input', `Input \`${input}\`: ${problem}${expected ? `; expected ${expected}` : ''}.`, {
      errorCode: 'InvalidInput',
    });
    this.name = 'InputError';
    this.input = input;
  }
}

export class CancelledError extends TaskError {
  constructor(message = 'Cancelled (the job received SIGINT/SIGTERM).') {
    super('cancelled', message, { errorCode: 'Cancelled' });
    this.name = 'CancelledError';
  }
}
