import {
  paginateBatchGetSecretValue,
  paginateListSecrets,
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretValueEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { secretNameFromArn } from '../../aws/arn.js';
import { awsErrorCode, isAccessDenied, kindOf, kindOfCode, wrapAwsError } from '../../aws/classify.js';
import { TaskError, type ErrorKind } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { chunk, mapLimit } from '../../util/concurrency.js';
import type { SecretRequest } from './settings.js';
import type { SecretValue } from './variables.js';

/** BatchGetSecretValue takes at most 20 ids per call. */
export const BATCH_SIZE = 20;
const CONCURRENCY = 8;

export interface ReadDeps {
  client: (region: string) => SecretsManagerClient;
  logger: Logger;
  signal?: AbortSignal;
  /** Called with every value the moment it arrives, before anything else can print it. */
  onValue: (secret: SecretValue) => void;
}

export interface SecretFailure {
  secret: string;
  errorCode: string;
  kind: ErrorKind;
  message: string;
}

export interface ReadOutcome {
  /** Values per request, in request order; a wildcard's matches sorted by name. */
  values: Map<SecretRequest, SecretValue[]>;
  failures: SecretFailure[];
  requestCount: number;
  method: 'batch' | 'single';
}

function fromEntry(
  entry:
    | SecretValueEntry
    | {
        Name?: string;
        ARN?: string;
        VersionId?: string;
        VersionStages?: string[];
        SecretString?: string;
        SecretBinary?: Uint8Array;
      },
): SecretValue {
  return {
    name: entry.Name ?? entry.ARN ?? '?',
    arn: entry.ARN,
    versionId: entry.VersionId,
    stages: entry.VersionStages ?? [],
    text: entry.SecretString,
    binary: entry.SecretBinary,
  };
}

function failureOf(secret: string, err: unknown): SecretFailure {
  const wrapped = wrapAwsError(err, `Reading ${secret}`);
  return { secret, errorCode: wrapped.errorCode, kind: wrapped.kind, message: wrapped.message };
}

/** Identifies a request's secret in a batch reply (by ARN, or by name, or the partial ARN given). */
function matches(request: SecretRequest, value: SecretValue): boolean {
  const id = request.id!;
  return (
    id === value.name ||
    id === value.arn ||
    // A partial ARN lacks only the `-xxxxxx` suffix: `…:secret:prod/db` must not match `prod/db-backup`.
    (value.arn !== undefined &&
      id.startsWith('arn:') &&
      value.arn.startsWith(`${id}-`) &&
      value.arn.length === id.length + 7)
  );
}

function groupByRegion(requests: SecretRequest[]): Map<string, SecretRequest[]> {
  const groups = new Map<string, SecretRequest[]>();
  for (const r of requests) groups.set(r.region, [...(groups.get(r.region) ?? []), r]);
  return groups;
}

/** Case-sensitive prefix match: the service's name filter is looser than `prefix*` promises. */
function startsWith(value: SecretValue | { Name?: string }, prefix: string): boolean {
  return ('name' in value ? value.name : (value.Name ?? '')).startsWith(prefix);
}

class Reader {
  requestCount = 0;
  readonly values = new Map<SecretRequest, SecretValue[]>();
  readonly failures: SecretFailure[] = [];

  constructor(private readonly deps: ReadDeps) {}

  private counted<T>(request: Promise<T>): Promise<T> {
    this.requestCount++;
    return request;
  }

  /** The pages of a paginator, each counted as the request it was. */
  private async *countedPages<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const page of pages) {
      this.requestCount++;
      yield page;
    }
  }

  private get opts() {
    return { abortSignal: this.deps.signal };
  }

  private received(request: SecretRequest, value: SecretValue): void {
    this.deps.onValue(value);
    this.values.set(request, [...(this.values.get(request) ?? []), value]);
  }

  /** Records one entry of a batch reply's `Errors`. */
  private failed(e: { SecretId?: string; ErrorCode?: string; Message?: string }): void {
    const code = e.ErrorCode ?? 'Unknown';
    const secret = e.SecretId ?? '?';
    const detail = e.Message && e.Message !== code ? `: ${e.Message.replace(/\.+$/, '')}` : '';
    // Classified by its code alone: the entry is data in a 200 reply, not an SDK error.
    this.failures.push({
      secret,
      errorCode: code,
      kind: kindOfCode(code),
      message: `Reading ${secret} failed: ${code}${detail}.`,
    });
  }

  /** Explicit ids in batches of 20; throws only when the batch call itself is refused. */
  async batchIds(region: string, requests: SecretRequest[]): Promise<void> {
    const client = this.deps.client(region);
    await mapLimit(
      chunk(requests, BATCH_SIZE),
      CONCURRENCY,
      async (batch) => {
        const pages = paginateBatchGetSecretValue(
          { client },
          { SecretIdList: batch.map((r) => r.id!) },
          this.opts,
        );
        for await (const out of this.countedPages(pages)) {
          for (const entry of out.SecretValues ?? []) {
            const value = fromEntry(entry);
            for (const r of batch) if (matches(r, value)) this.received(r, value);
          }
          for (const e of out.Errors ?? []) this.failed(e);
        }
      },
      { signal: this.deps.signal },
    );
  }

  async batchPrefix(request: SecretRequest): Promise<void> {
    const pages = paginateBatchGetSecretValue(
      { client: this.deps.client(request.region), pageSize: BATCH_SIZE },
      { Filters: [{ Key: 'name', Values: [request.prefix!] }] },
      this.opts,
    );
    for await (const out of this.countedPages(pages)) {
      for (const entry of out.SecretValues ?? []) {
        const value = fromEntry(entry);
        if (startsWith(value, request.prefix!)) this.received(request, value);
      }
      // A match that cannot be read is a failure, never silently left out.
      for (const e of out.Errors ?? []) {
        const id = e.SecretId ?? '';
        if ((id.startsWith('arn:') ? secretNameFromArn(id) : id).startsWith(request.prefix!)) this.failed(e);
      }
    }
  }

  async listNames(request: SecretRequest): Promise<Array<{ name: string; arn?: string }>> {
    const names: Array<{ name: string; arn?: string }> = [];
    const pages = paginateListSecrets(
      { client: this.deps.client(request.region), pageSize: 100 },
      { Filters: [{ Key: 'name', Values: [request.prefix!] }] },
      this.opts,
    );
    for await (const out of this.countedPages(pages))
      for (const s of out.SecretList ?? [])
        if (s.Name && startsWith(s, request.prefix!)) names.push({ name: s.Name, arn: s.ARN });
    return names;
  }

  async single(
    request: SecretRequest,
    secretId: string,
    stage: string | undefined,
    versionId: string | undefined,
  ): Promise<void> {
    try {
      const out = await this.counted(
        this.deps.client(request.region).send(
          new GetSecretValueCommand({
            SecretId: secretId,
            VersionStage: versionId ? undefined : stage,
            VersionId: versionId,
          }),
          this.opts,
        ),
      );
      this.received(request, fromEntry(out));
    } catch (err) {
      if (kindOf(err) === 'network' || kindOf(err) === 'cancelled') throw err;
      this.failures.push(failureOf(secretId, err));
    }
  }
}

export interface ReadOptions {
  versionStage: string;
  versionId?: string;
}

/**
 * Reads every requested secret with as few round trips as possible: BatchGetSecretValue (20 ids a
 * call, wildcards through its name filter) when the current version is wanted, falling back to
 * GetSecretValue per secret only when the batch call itself is denied.
 */
export async function readSecrets(
  requests: SecretRequest[],
  options: ReadOptions,
  deps: ReadDeps,
): Promise<ReadOutcome> {
  const reader = new Reader(deps);
  const explicit = requests.filter((r) => r.id !== undefined);
  const wildcards = requests.filter((r) => r.prefix !== undefined);
  const batchable = options.versionStage === 'AWSCURRENT' && options.versionId === undefined;

  const readSingly = async (): Promise<void> => {
    await mapLimit(
      explicit,
      CONCURRENCY,
      (r) => reader.single(r, r.id!, options.versionStage, options.versionId),
      { signal: deps.signal },
    );
    for (const w of wildcards) {
      const names = await reader.listNames(w);
      await mapLimit(
        names,
        CONCURRENCY,
        (n) => reader.single(w, n.arn ?? n.name, options.versionStage, undefined),
        { signal: deps.signal },
      );
    }
  };

  let method: ReadOutcome['method'] = 'single';
  try {
    if (batchable) {
      method = 'batch';
      try {
        for (const [region, group] of groupByRegion(explicit)) await reader.batchIds(region, group);
        for (const w of wildcards) await reader.batchPrefix(w);
      } catch (err) {
        if (!isAccessDenied(err)) throw err;
        deps.logger.warning(
          'secrets.batch-denied',
          'BatchGetSecretValue was denied; falling back to one GetSecretValue per secret (grant secretsmanager:BatchGetSecretValue for fewer round trips)',
          { errorCode: awsErrorCode(err) },
        );
        method = 'single';
        reader.values.clear();
        reader.failures.length = 0;
        await readSingly();
      }
    } else {
      await readSingly();
    }
  } catch (err) {
    throw wrapAwsError(err, 'Reading secrets');
  }

  for (const w of wildcards)
    if (!reader.values.get(w)?.length)
      reader.failures.push({
        secret: `${w.prefix}*`,
        errorCode: 'NoSecretsMatched',
        kind: 'awsApi',
        message: `No secret name starts with \`${w.prefix}\` in ${w.region}.`,
      });
  for (const r of explicit)
    if (!reader.values.has(r) && !reader.failures.some((f) => f.secret === r.id))
      reader.failures.push({
        secret: r.id!,
        errorCode: 'ResourceNotFoundException',
        kind: 'awsApi',
        message: `${r.id} was not returned.`,
      });

  for (const list of reader.values.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return { values: reader.values, failures: reader.failures, requestCount: reader.requestCount, method };
}

export interface Described {
  request: SecretRequest;
  name: string;
  arn?: string;
  lastChanged?: Date;
  versionId?: string;
}

/** Dry-run: proves every secret exists (and the wanted version does) without reading a value. */
export async function describeSecrets(
  requests: SecretRequest[],
  options: ReadOptions,
  deps: Omit<ReadDeps, 'onValue'>,
): Promise<{ described: Described[]; failures: SecretFailure[]; requestCount: number }> {
  const reader = new Reader({ ...deps, onValue: () => undefined });
  const described: Described[] = [];
  const failures: SecretFailure[] = [];
  const describe = async (request: SecretRequest, id: string): Promise<void> => {
    try {
      reader.requestCount++;
      const out = await deps
        .client(request.region)
        .send(new DescribeSecretCommand({ SecretId: id }), { abortSignal: deps.signal });
      const versions = Object.entries(out.VersionIdsToStages ?? {});
      const version = options.versionId
        ? versions.find(([v]) => v === options.versionId)
        : versions.find(([, stages]) => stages.includes(options.versionStage));
      if (!version) {
        failures.push({
          secret: id,
          errorCode: 'ResourceNotFoundException',
          kind: 'awsApi',
          message: `${out.Name ?? id} has no version ${options.versionId ?? `in stage ${options.versionStage}`}.`,
        });
        return;
      }
      described.push({
        request,
        name: out.Name ?? id,
        arn: out.ARN,
        lastChanged: out.LastChangedDate,
        versionId: version[0],
      });
    } catch (err) {
      if (kindOf(err) === 'network' || kindOf(err) === 'cancelled')
        throw wrapAwsError(err, `DescribeSecret ${id}`);
      failures.push(failureOf(id, err));
    }
  };
  try {
    await mapLimit(
      requests.filter((r) => r.id),
      CONCURRENCY,
      (r) => describe(r, r.id!),
      { signal: deps.signal },
    );
    for (const w of requests.filter((r) => r.prefix !== undefined)) {
      const names = await reader.listNames(w);
      if (!names.length)
        failures.push({
          secret: `${w.prefix}*`,
          errorCode: 'NoSecretsMatched',
          kind: 'awsApi',
          message: `No secret name starts with \`${w.prefix}\` in ${w.region}.`,
        });
      await mapLimit(names, CONCURRENCY, (n) => describe(w, n.arn ?? n.name), { signal: deps.signal });
    }
  } catch (err) {
    throw err instanceof TaskError ? err : wrapAwsError(err, 'Listing secrets');
  }
  described.sort(
    (a, b) => requests.indexOf(a.request) - requests.indexOf(b.request) || a.name.localeCompare(b.name),
  );
  return { described, failures, requestCount: reader.requestCount };
}
