import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ClientFactory, type ClientSettings } from '../../src/aws/client-factory.js';
import { proxyAgentFor, proxyFor } from '../../src/aws/proxy.js';
import { isolateAwsEnv } from './helpers.js';

let restoreEnv: () => void;
let factory: ClientFactory | undefined;
beforeEach(() => {
  restoreEnv = isolateAwsEnv();
});
afterEach(() => {
  factory?.destroy();
  factory = undefined;
  restoreEnv();
});

function make(over: Partial<ClientSettings> = {}): ClientFactory {
  factory = new ClientFactory({
    region: 'eu-west-1',
    forcePathStyle: false,
    maxAttempts: 7,
    connectTimeoutMs: 1000,
    readTimeoutMs: 2000,
    userAgent: [
      ['aws-task-pack', '0.0.0-test'],
      ['run', '42#1'],
    ],
    ...over,
  });
  return factory;
}

describe('ClientFactory', () => {
  it('makes one client per service and region and reuses it', async () => {
    const f = make();
    expect(f.secretsManager()).toBe(f.secretsManager('eu-west-1'));
    expect(f.secretsManager('us-east-1')).not.toBe(f.secretsManager());
    expect(await f.secretsManager('us-east-1').config.region()).toBe('us-east-1');
    expect(f.s3()).toBe(f.s3());
    expect(f.sts()).toBe(f.sts());
  });

  it('applies max attempts with adaptive retries, and the user agent', async () => {
    const client = make().secretsManager();
    expect(await client.config.maxAttempts()).toBe(7);
    const mode: unknown = client.config.retryMode;
    expect(typeof mode === 'function' ? await (mode as () => Promise<string>)() : mode).toBe('adaptive');
    expect(client.config.customUserAgent).toEqual(
      expect.arrayContaining([
        ['aws-task-pack', '0.0.0-test'],
        ['run', '42#1'],
      ]),
    );
  });

  it('gives the STS client used for authentication a single attempt (the caller retries with a new token)', async () => {
    const f = make();
    expect(await f.stsForAuth().config.maxAttempts()).toBe(1);
    expect(await f.sts().config.maxAttempts()).toBe(7);
  });

  it('uses the custom endpoint, path style and required-only checksums for S3-compatible stores', async () => {
    const s3 = make({ endpointUrl: 'http://127.0.0.1:9000', forcePathStyle: true }).s3();
    const endpoint = await s3.config.endpoint!();
    expect(endpoint.hostname).toBe('127.0.0.1');
    expect(endpoint.port).toBe(9000);
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await s3.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
  });

  it('keeps the SDK checksum defaults against AWS itself', async () => {
    const s3 = make().s3();
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
  });

  it('gives clients made after authentication the credentials provider', async () => {
    const f = make();
    const provider = async () => ({ accessKeyId: 'AKIDFACTORY', secretAccessKey: 'factory-secret' });
    f.useCredentials(provider);
    const creds = await f.secretsManager('ap-south-1').config.credentials();
    expect(creds.accessKeyId).toBe('AKIDFACTORY');
  });
});

describe('proxies', () => {
  it('uses HTTPS_PROXY for AWS endpoints unless NO_PROXY matches', () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    expect(proxyFor('https://secretsmanager.eu-west-1.amazonaws.com')).toBe('http://proxy.internal:3128');
    expect(
      proxyAgentFor('https://sts.eu-west-1.amazonaws.com', { keepAlive: true, maxSockets: 5 }),
    ).toBeDefined();
    process.env.NO_PROXY = '.amazonaws.com';
    expect(proxyFor('https://secretsmanager.eu-west-1.amazonaws.com')).toBeUndefined();
    expect(
      proxyAgentFor('https://sts.eu-west-1.amazonaws.com', { keepAlive: true, maxSockets: 5 }),
    ).toBeUndefined();
  });

  it('uses HTTP_PROXY for plain-http endpoints and nothing without proxy variables', () => {
    expect(proxyFor('http://127.0.0.1:9000')).toBeUndefined();
    process.env.HTTP_PROXY = 'http://proxy.internal:8080';
    expect(proxyFor('http://minio.internal:9000')).toBe('http://proxy.internal:8080');
  });
});
