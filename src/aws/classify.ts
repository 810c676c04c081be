import { CancelledError, InputError, TaskError, type ErrorKind } from '../errors.js';

/**
 * Classifies an error thrown by the AWS SDK (or by a socket under it) by its name, HTTP status and
 * errno code — never by message text — and wraps it into a TaskError naming the step that failed.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPROTO',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Network failures worth another attempt (a DNS name that does not exist is not one). */
const RETRYABLE_NETWORK_CODES = new Set([...NETWORK_CODES].filter((c) => c !== 'ENOTFOUND'));

const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

const RETRYABLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'IDPCommunicationError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'PriorRequestNotComplete',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalServiceError',
  'InternalServerError',
]);

const ACCESS_DENIED_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AllAccessDisabled',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'KMSAccessDeniedException',
  'AccessDeniedByKms',
  // Secrets Manager: KMS refused to decrypt the secret (usually a missing kms:Decrypt).
  'DecryptionFailure',
]);

const CREDENTIAL_NAMES = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException']);

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  Code?: string;
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
}

/**
 * An error answer the SDK could not parse as JSON (HTML from a proxy or WAF, XML from an emulator): it
 * throws the parser's `SyntaxError`, with the status but without `$fault`. Only the status says
 * anything then, as for a bare 403.
 */
function unreadableAnswer(e: ErrorLike): boolean {
  return e.name === 'SyntaxError' && e.$fault === undefined && e.$metadata?.httpStatusCode !== undefined;
}

/** The errno-style code of a socket error, looking through `cause` chains. */
export function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const e = asErrorLike(current);
    if (e.code && NETWORK_CODES.has(e.code)) return e.code;
    if (e.name && NETWORK_NAMES.has(e.name) && !e.$metadata?.httpStatusCode) return e.name;
    current = e.cause;
  }
  return undefined;
}

export function httpStatus(err: unknown): number | undefined {
  return asErrorLike(err).$metadata?.httpStatusCode;
}

/** The AWS error code: the exception name the SDK gives, or `Code` from the body. */
export function awsErrorCode(err: unknown): string {
  const e = asErrorLike(err);
  if (e.Code) return e.Code;
  // The SDK's HTTP handler renames a reset or a broken pipe `TimeoutError`: the errno says what happened.
  if (e.name === 'TimeoutError' && e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name && e.name !== 'Error' && e.name !== 'TaskError' && !unreadableAnswer(e)) return e.name;
  const status = httpStatus(err);
  if (status) return `Http${status}`;
  return networkCode(err) ?? 'Unknown';
}

/** Throttling, 5xx, IdP trouble, resets and timeouts. Never AccessDenied or validation errors. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof TaskError) return false;
  const e = asErrorLike(err);
  if (e.name === 'AbortError') return false;
  // The SDK names modelled errors after their class (`IDPCommunicationErrorException`); `Code` keeps the wire code.
  if ((e.name && RETRYABLE_NAMES.has(e.name)) || (e.Code && RETRYABLE_NAMES.has(e.Code))) return true;
  const status = httpStatus(err);
  if (status !== undefined) return status >= 500 || status === 429;
  const code = networkCode(err);
  return code !== undefined && (RETRYABLE_NETWORK_CODES.has(code) || NETWORK_NAMES.has(code));
}

export function isAccessDenied(err: unknown): boolean {
  const e = asErrorLike(err);
  if (e.name && ACCESS_DENIED_NAMES.has(e.name)) return true;
  // A 403 without an error code in the body: the SDK names it `Unknown`; one it could not parse at all
  // keeps the parser's error.
  return (
    httpStatus(err) === 403 &&
    (!e.name ||
      e.name === 'Error' ||
      e.name === 'Unknown' ||
      e.name === 'Forbidden' ||
      e.name === '403' ||
      unreadableAnswer(e))
  );
}

/** The kind of an error known only by its code (an entry of a batch reply's `Errors`). */
export function kindOfCode(code: string): ErrorKind {
  return ACCESS_DENIED_NAMES.has(code) || code.includes('AccessDenied') ? 'accessDenied' : 'awsApi';
}

export function kindOf(err: unknown): ErrorKind {
  if (err instanceof TaskError) return err.kind;
  const e = asErrorLike(err);
  if (e.name === 'AbortError') return 'cancelled';
  if (e.name && CREDENTIAL_NAMES.has(e.name)) return 'credentials';
  if (isAccessDenied(err)) return 'accessDenied';
  if (e.$metadata?.httpStatusCode || e.$fault) return 'awsApi';
  if (networkCode(err)) return 'network';
  return 'unexpected';
}

const HINTS: Partial<Record<ErrorKind, string>> = {
  network:
    'Check `endpoint-url`, the network path (proxy settings `HTTPS_PROXY`/`NO_PROXY`) and the region; raise `connect-timeout-ms`/`read-timeout-ms` or `max-attempts` for slow links.',
  accessDenied:
    'Grant the permission named above to the role this step runs as (see the README for least-privilege policies).',
  credentials: 'See the README section on authentication.',
};

/** The hint for a denied call: the IAM permission(s) to grant, and on what. */
export function grantHint(permissions: string[], resource: string): string {
  const names = permissions.map((p) => `\`${p}\``).join(' and ');
  return `Grant ${names} on \`${resource}\` to the role this step runs as (see the README for least-privilege policies).`;
}

/**
 * Wraps an SDK failure with the step that failed (`step` reads like "GetSecretValue prod/db").
 * A TaskError passes through untouched.
 */
export function wrapAwsError(err: unknown, step: string, hint?: string): TaskError {
  if (err instanceof TaskError) return err;
  const kind = kindOf(err);
  const code = awsErrorCode(err);
  const e = asErrorLike(err);
  const detail = unreadableAnswer(e)
    ? 'the answer could not be parsed'
    : (e.message && e.message !== code ? e.message : '').trim();
  const status = httpStatus(err);
  const where = status ? ` (HTTP ${status})` : '';
  const message = `${step} failed: ${code}${where}${detail ? `: ${detail.replace(/\.+$/, '')}` : ''}.`;
  return new TaskError(kind, message, { errorCode: code, cause: err, hint: hint ?? HINTS[kind] });
}

/**
 * Any error as a TaskError: ours pass through, SDK errors are classified, anything else is a bug
 * (exit 99). After the signal fired, everything but a bad input reads as the cancellation.
 */
export function asTaskError(err: unknown, signal?: AbortSignal): TaskError {
  if (signal?.aborted && !(err instanceof InputError))
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
