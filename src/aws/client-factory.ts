import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { declaredPayloadHashPlugin } from './payload-hash.js';
import { proxyAgentFor } from './proxy.js';
import { slicedBodyPlugin } from './sliced-body.js';

export interface ClientSettings {
  region: string;
  endpointUrl?: string;
  forcePathStyle: boolean;
  maxAttempts: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** `[name, version]` pairs appended to the SDK user agent (shows in CloudTrail). */
  userAgent: Array<[string, string]>;
  maxSockets?: number;
  /** The job's cancellation: requests of the bulk client (see `s3Bulk`) are cut when it fires. */
  signal?: AbortSignal;
}

type Service = 's3' | 'secretsmanager' | 'sts';

/** The public endpoint a client will talk to, for proxy decisions. */
function endpointFor(service: Service, region: string, endpointUrl?: string): string {
  if (endpointUrl) return endpointUrl;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}

/**
 * An HTTP handler that applies the job's abort signal to every request that brings none of its own,
 * so a client can be cancelled without per-call options.
 */
class JobBoundHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly job: AbortSignal,
  ) {
    super(options);
  }

  override handle(
    request: Parameters<NodeHttpHandler['handle']>[0],
    options: Parameters<NodeHttpHandler['handle']>[1] = {},
  ) {
    return super.handle(request, options.abortSignal ? options : { ...options, abortSignal: this.job });
  }
}

/**
 * Drops the SDK's logger middleware: we give the SDK no logger, yet the middleware still walks every
 * input and output through the sensitive-data filter for the no-op logger, on every request.
 */
function lean<T extends S3Client | SecretsManagerClient | STSClient>(client: T): T {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * The one place AWS SDK clients are made: timeouts, adaptive retries, the optional custom endpoint,
 * proxies, and one client per service and region, reused for every request.
 */
export class ClientFactory {
  private readonly clients = new Map<string, S3Client | SecretsManagerClient | STSClient>();
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private credentials?: AwsCredentialIdentityProvider;

  constructor(readonly settings: ClientSettings) {
    const agentOptions = { keepAlive: true, maxSockets: settings.maxSockets ?? 64 };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent(agentOptions);
  }

  /** Set once authentication has produced a provider; every client made later uses it. */
  useCredentials(provider: AwsCredentialIdentityProvider): void {
    this.credentials = provider;
  }

  private handler(service: Service, region: string, job?: AbortSignal): NodeHttpHandler {
    const target = endpointFor(service, region, this.settings.endpointUrl);
    const proxied = proxyAgentFor(target, { keepAlive: true, maxSockets: this.settings.maxSockets ?? 64 });
    const options = {
      connectionTimeout: this.settings.connectTimeoutMs,
      // A read timeout is an idle-socket timeout: a stalled answer (or body) fails the attempt, while a
      // large part still moving is never cut. (`requestTimeout` bounds the whole call, and only warns.)
      socketTimeout: this.settings.readTimeoutMs,
      httpAgent: (proxied as HttpAgent | undefined) ?? this.httpAgent,
      httpsAgent: (proxied as HttpsAgent | undefined) ?? this.httpsAgent,
    };
    return job ? new JobBoundHandler(options, job) : new NodeHttpHandler(options);
  }

  private common(service: Service, region: string) {
    return {
      region,
      endpoint: this.settings.endpointUrl,
      maxAttempts: this.settings.maxAttempts,
      retryMode: 'adaptive' as const,
      requestHandler: this.handler(service, region),
      customUserAgent: this.settings.userAgent,
    };
  }

  private cached<T extends S3Client | SecretsManagerClient | STSClient>(key: string, make: () => T): T {
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = lean(make());
      this.clients.set(key, client);
    }
    return client;
  }

  s3(region = this.settings.region): S3Client {
    return this.cached(`s3:${region}`, () => this.makeS3(region, false));
  }

  /**
   * An S3 client for many small independent requests (one PutObject per file): it resolves its
   * middleware stack once per command type instead of once per request (the SDK's `cacheMiddleware`),
   * which only works when callers pass no per-call options — so the job's cancellation is applied by
   * its HTTP handler instead. It shares the connections of `s3()`.
   */
  s3Bulk(region = this.settings.region): S3Client {
    return this.cached(`s3-bulk:${region}`, () => this.makeS3(region, true));
  }

  private makeS3(region: string, bulk: boolean): S3Client {
    const custom = this.settings.endpointUrl !== undefined;
    const client = new S3Client({
      ...this.common('s3', region),
      ...(bulk
        ? { cacheMiddleware: true, requestHandler: this.handler('s3', region, this.settings.signal) }
        : {}),
      credentials: this.credentials,
      forcePathStyle: this.settings.forcePathStyle,
      // Many S3-compatible stores reject the SDK's default CRC checksum headers.
      requestChecksumCalculation: custom ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
      responseChecksumValidation: custom ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    });
    client.middlewareStack.use(declaredPayloadHashPlugin);
    client.middlewareStack.use(slicedBodyPlugin);
    return client;
  }

  secretsManager(region = this.settings.region): SecretsManagerClient {
    return this.cached(
      `secretsmanager:${region}`,
      () =>
        new SecretsManagerClient({ ...this.common('secretsmanager', region), credentials: this.credentials }),
    );
  }

  /** STS with the authenticated identity (GetCallerIdentity). */
  sts(region = this.settings.region): STSClient {
    return this.cached(
      `sts:${region}`,
      () => new STSClient({ ...this.common('sts', region), credentials: this.credentials }),
    );
  }

  /**
   * STS for obtaining credentials: one attempt per call, because the caller retries itself with a
   * freshly minted ID token each time.
   */
  stsForAuth(credentials?: AwsCredentialIdentityProvider): STSClient {
    return lean(new STSClient({ ...this.common('sts', this.settings.region), maxAttempts: 1, credentials }));
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
