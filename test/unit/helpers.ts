import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory, type ClientSettings } from '../../src/aws/client-factory.js';

/** Environment variables through which the SDK's default chain could find credentials or a network. */
const AMBIENT = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

/**
 * Makes the SDK's default credential chain (which reads `process.env`, not the host's env) find nothing
 * and never reach the instance metadata service. Returns a function restoring the previous values.
 */
export function isolateAwsEnv(): () => void {
  const saved = new Map<string, string | undefined>();
  const set = (name: string, value: string | undefined): void => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const name of AMBIENT) set(name, undefined);
  const nowhere = join(tmpdir(), `aws-task-pack-unit-no-such-dir-${process.pid}`);
  set('AWS_EC2_METADATA_DISABLED', 'true');
  set('AWS_SHARED_CREDENTIALS_FILE', join(nowhere, 'credentials'));
  set('AWS_CONFIG_FILE', join(nowhere, 'config'));
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Ambient keys for the default chain's environment provider. */
export function setAmbientKeys(): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAAMBIENTAMBIENT01';
  process.env.AWS_SECRET_ACCESS_KEY = 'ambient-secret-access-key-value';
}

/**
 * The per-test sandbox of a file that runs whole tasks (`runTask`) without a network: S3, Secrets
 * Manager and STS mocked and reset before each test, no ambient AWS environment (with `ambientKeys`,
 * static keys for the default chain), and a fresh temp directory (`tmp`, named after `prefix`); all
 * undone after. Call it at the top level of the file, before the file's own `beforeEach`, which then
 * runs after the reset (installing fakes and canned answers).
 */
export function useTaskSandbox(prefix: string, options: { ambientKeys?: boolean } = {}) {
  const sandbox = {
    s3: mockClient(S3Client),
    sm: mockClient(SecretsManagerClient),
    sts: mockClient(STSClient),
    /** This test's temp directory. */
    tmp: '',
  };
  const mocks = [sandbox.s3, sandbox.sm, sandbox.sts];
  let restoreEnv = (): void => undefined;
  beforeEach(() => {
    for (const m of mocks) m.reset();
    restoreEnv = isolateAwsEnv();
    if (options.ambientKeys) setAmbientKeys();
    sandbox.tmp = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    restoreEnv();
    rmSync(sandbox.tmp, { recursive: true, force: true });
  });
  afterAll(() => {
    for (const m of mocks) m.restore();
  });
  return sandbox;
}

/** Every call any of the mocks recorded. */
export function allCalls(...mocks: Array<{ calls(): unknown[] }>): number {
  return mocks.reduce((n, m) => n + m.calls().length, 0);
}

/** Credentials as STS returns them. */
export function stsCredentials(n = 1, expiration = new Date(Date.now() + 3600_000)) {
  return {
    AccessKeyId: `ASIASTSKEY${String(n).padStart(10, '0')}`,
    SecretAccessKey: `sts-secret-access-key-number-${n}`,
    SessionToken: `sts-session-token-number-${n}-FwoGZXIvYXdzE`,
    Expiration: expiration,
  };
}

// ---- errors exactly as the SDK's own deserializers build them ----
//
// The clients' `send` is stubbed by aws-sdk-client-mock, so the middleware stack is run directly
// against a request handler that answers from memory: no socket is ever opened.

type Answer = { status: number; body: string; headers: Record<string, string> } | { throws: Error };

function memoryHandler(answer: Answer) {
  return {
    handle: async () => {
      if ('throws' in answer) throw answer.throws;
      return {
        response: {
          statusCode: answer.status,
          headers: answer.headers,
          body: Readable.from([Buffer.from(answer.body)]),
        },
      };
    },
    destroy: () => undefined,
  };
}

const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };

type SdkClient = { middlewareStack: unknown; config: unknown; destroy(): void };

/** Sends `command` with a `Client` whose every request gets `answer`; returns the error it raises. */
async function failWith(
  Client: new (config: object) => SdkClient,
  answer: Answer,
  command: unknown,
): Promise<Error> {
  const client = new Client({
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: TEST_CREDENTIALS,
    requestHandler: memoryHandler(answer),
  });
  const cmd = command as {
    resolveMiddleware(stack: unknown, config: unknown, options: unknown): (c: unknown) => Promise<unknown>;
  };
  try {
    await cmd.resolveMiddleware(client.middlewareStack, client.config, undefined)(cmd);
  } catch (err) {
    return err as Error;
  } finally {
    client.destroy();
  }
  throw new Error('expected the SDK call to fail');
}

/** An STS (query protocol) error reply, e.g. `InvalidIdentityToken`, `IDPCommunicationError`. */
export function stsError(code: string, status = 400, message = `${code} from STS`): Promise<Error> {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
  return failWith(
    STSClient,
    { status, body, headers: { 'content-type': 'text/xml' } },
    new GetCallerIdentityCommand({}),
  );
}

/** A reply with a status and no body at all (a proxy or S3-compatible store saying 403). */
export function stsBareStatus(status: number): Promise<Error> {
  return failWith(
    STSClient,
    { status, body: '', headers: { 'content-type': 'text/plain' } },
    new GetCallerIdentityCommand({}),
  );
}

/** A Secrets Manager (JSON protocol) error reply, e.g. `ResourceNotFoundException`. */
export function secretsManagerError(code: string, status = 400, message = `${code} from Secrets Manager`) {
  return failWith(
    SecretsManagerClient,
    {
      status,
      body: JSON.stringify({ __type: code, message }),
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    },
    new GetSecretValueCommand({ SecretId: 'x' }),
  );
}

/** A socket failure as it reaches the caller through the SDK (errno code kept, `$metadata` added). */
export function sdkSocketError(code: string, message = `connect ${code} 127.0.0.1:443`): Promise<Error> {
  return failWith(
    SecretsManagerClient,
    { throws: Object.assign(new Error(message), { code, syscall: 'connect' }) },
    new GetSecretValueCommand({ SecretId: 'x' }),
  );
}

/** A timeout as the SDK's node HTTP handler raises it. */
export function sdkTimeoutError(): Promise<Error> {
  return failWith(
    SecretsManagerClient,
    { throws: Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }) },
    new GetSecretValueCommand({ SecretId: 'x' }),
  );
}

/**
 * An S3 (REST-XML protocol) error reply to `command`, e.g. `NoSuchBucket`; without a code, a status
 * with no body (HEAD answers have none: the SDK can only go by the status).
 */
export function s3Error(
  command: object,
  status: number,
  code?: string,
  headers: Record<string, string> = {},
): Promise<Error> {
  const body = code
    ? `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} (canned)</Message><RequestId>REQ1</RequestId></Error>`
    : '';
  return failWith(
    S3Client,
    { status, body, headers: { 'content-type': 'application/xml', ...headers } },
    command,
  );
}

/** A ClientFactory aimed at a loopback test server: one attempt, short timeouts, static test keys. */
export function loopbackFactory(server: Server, over: Partial<ClientSettings> = {}): ClientFactory {
  const factory = new ClientFactory({
    region: 'us-east-1',
    endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forcePathStyle: true,
    maxAttempts: 1,
    connectTimeoutMs: 2000,
    readTimeoutMs: 10_000,
    userAgent: [],
    ...over,
  });
  factory.useCredentials(async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }));
  return factory;
}

/** A 2xx S3 answer to `command` whose body is cut short: the SDK cannot parse it. */
export function s3UnreadableAnswer(command: object, status = 200): Promise<Error> {
  return failWith(
    S3Client,
    {
      status,
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazo',
      headers: { 'content-type': 'application/xml' },
    },
    command,
  );
}

/** `err` as the SDK's retry strategy leaves it after `attempts` attempts. */
export function afterAttempts<T extends Error>(err: T, attempts: number): T {
  const e = err as T & { $metadata?: Record<string, unknown> };
  e.$metadata = { ...e.$metadata, attempts };
  return err;
}
