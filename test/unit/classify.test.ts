import { describe, expect, it } from '@jest/globals';
import {
  awsErrorCode,
  isAccessDenied,
  isRetryable,
  kindOf,
  networkCode,
  wrapAwsError,
} from '../../src/aws/classify.js';
import { CancelledError, EXIT_CODES, EXIT_CODE_TABLE, InputError, TaskError } from '../../src/errors.js';
import { sdkSocketError, sdkTimeoutError, secretsManagerError, stsBareStatus, stsError } from './helpers.js';

/** The exit code a failure maps to, through the one wrapping path every operation uses. */
function exitCodeOf(err: unknown): number {
  return wrapAwsError(err, 'Step').exitCode;
}

describe('exit codes of AWS errors (as the SDK deserializes them)', () => {
  it('maps AccessDenied (STS, query protocol) to 4', async () => {
    const err = await stsError('AccessDenied', 403);
    expect(kindOf(err)).toBe('accessDenied');
    expect(exitCodeOf(err)).toBe(4);
  });

  it('maps AccessDeniedException (Secrets Manager, JSON protocol) to 4', async () => {
    const err = await secretsManagerError('AccessDeniedException');
    expect(isAccessDenied(err)).toBe(true);
    expect(exitCodeOf(err)).toBe(4);
    expect(wrapAwsError(err, 'Step').errorCode).toBe('AccessDeniedException');
  });

  it('maps a bare 403 without an error body to 4', async () => {
    const err = await stsBareStatus(403);
    expect(isAccessDenied(err)).toBe(true);
    expect(exitCodeOf(err)).toBe(4);
  });

  it('maps ResourceNotFoundException to 5', async () => {
    const err = await secretsManagerError('ResourceNotFoundException');
    expect(kindOf(err)).toBe('awsApi');
    expect(exitCodeOf(err)).toBe(5);
    expect(wrapAwsError(err, 'Step').errorCode).toBe('ResourceNotFoundException');
  });

  it('maps ECONNREFUSED, ETIMEDOUT and ENOTFOUND to 3', async () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'ECONNRESET']) {
      const err = await sdkSocketError(code);
      expect(networkCode(err)).toBe(code);
      expect(exitCodeOf(err)).toBe(3);
    }
  });

  it('maps the SDK TimeoutError to 3', async () => {
    const err = await sdkTimeoutError();
    expect(kindOf(err)).toBe('network');
    expect(exitCodeOf(err)).toBe(3);
  });

  it('finds a network code deep in a cause chain', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const err = new Error('request failed', { cause: new Error('socket hang', { cause: root }) });
    expect(networkCode(err)).toBe('ECONNREFUSED');
    expect(kindOf(err)).toBe('network');
    expect(isRetryable(err)).toBe(true);
    expect(exitCodeOf(err)).toBe(3);
  });

  it('maps a 5xx service error to 5 and keeps the status in the message', async () => {
    const err = await secretsManagerError('InternalServiceError', 500);
    const wrapped = wrapAwsError(err, 'GetSecretValue prod/db');
    expect(wrapped.exitCode).toBe(5);
    expect(wrapped.message).toContain('GetSecretValue prod/db failed: InternalServiceError (HTTP 500)');
    expect(wrapped.cause).toBe(err);
  });

  it('maps credential provider failures and expired tokens to 2', async () => {
    expect(kindOf(Object.assign(new Error('no creds'), { name: 'CredentialsProviderError' }))).toBe(
      'credentials',
    );
    expect(exitCodeOf(await stsError('ExpiredTokenException'))).toBe(2);
  });

  it('maps an abort to 130 and anything unknown to 99', () => {
    expect(kindOf(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('cancelled');
    expect(exitCodeOf(new Error('boom'))).toBe(99);
    expect(exitCodeOf('a string')).toBe(99);
  });

  it('lets a TaskError through untouched', () => {
    const err = new InputError('aws-region', 'is bad');
    expect(wrapAwsError(err, 'Step')).toBe(err);
  });
});

describe('retryable errors', () => {
  it.each([
    ['Throttling (STS)', () => stsError('Throttling')],
    ['ThrottlingException', () => secretsManagerError('ThrottlingException')],
    ['IDPCommunicationError', () => stsError('IDPCommunicationError')],
    ['InternalServiceError 500', () => secretsManagerError('InternalServiceError', 500)],
    ['ServiceUnavailable 503', () => stsError('ServiceUnavailable', 503)],
    ['an unknown error with status 502', () => stsBareStatus(502)],
    ['a 429', () => stsBareStatus(429)],
    ['ECONNRESET', () => sdkSocketError('ECONNRESET')],
    ['ECONNREFUSED', () => sdkSocketError('ECONNREFUSED')],
    ['TimeoutError', () => sdkTimeoutError()],
  ])('retries %s', async (_label, make) => {
    expect(isRetryable(await make())).toBe(true);
  });

  it.each([
    ['AccessDenied', () => stsError('AccessDenied', 403)],
    ['AccessDeniedException', () => secretsManagerError('AccessDeniedException')],
    ['ValidationError', () => stsError('ValidationError')],
    ['InvalidIdentityToken', () => stsError('InvalidIdentityToken')],
    ['ResourceNotFoundException', () => secretsManagerError('ResourceNotFoundException')],
    ['ENOTFOUND (a name that does not exist)', () => sdkSocketError('ENOTFOUND')],
  ])('does not retry %s', async (_label, make) => {
    expect(isRetryable(await make())).toBe(false);
  });

  it('never retries our own errors or an abort', () => {
    expect(isRetryable(new TaskError('network', 'x', { errorCode: 'X' }))).toBe(false);
    expect(isRetryable(new CancelledError())).toBe(false);
    expect(isRetryable(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
  });
});

describe('awsErrorCode', () => {
  it('prefers the wire code over the exception class name', async () => {
    expect(awsErrorCode(await stsError('InvalidIdentityToken'))).toBe('InvalidIdentityToken');
    expect(awsErrorCode(await secretsManagerError('ResourceNotFoundException'))).toBe(
      'ResourceNotFoundException',
    );
  });

  it('falls back to the HTTP status, then the socket code', () => {
    expect(awsErrorCode(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 418 } }))).toBe(
      'Http418',
    );
    expect(awsErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(awsErrorCode({})).toBe('Unknown');
  });
});

describe('TaskError and the exit-code table', () => {
  it('has one exit code per kind, matching the documented table', () => {
    const documented = EXIT_CODE_TABLE.map((r) => r.code).sort((a, b) => a - b);
    expect(documented).toEqual(Object.values(EXIT_CODES).sort((a, b) => a - b));
  });

  it('names the input in an InputError and builds the annotation from message and hint', () => {
    const err = new InputError('max-attempts', '"0" is out of range', 'a whole number from 1 to 20');
    expect(err.message).toBe(
      'Input `max-attempts`: "0" is out of range; expected a whole number from 1 to 20.',
    );
    expect(err.exitCode).toBe(1);
    expect(err.errorCode).toBe('InvalidInput');
    const withHint = new TaskError('accessDenied', 'Denied.', {
      errorCode: 'AccessDenied',
      hint: 'Grant it.',
    });
    expect(withHint.annotation).toBe('Denied. Grant it.');
    expect(withHint.exitCode).toBe(4);
  });
});
