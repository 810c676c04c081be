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
import { InputError, TaskError, type ErrorKind } from '../../errors.js';
import { quote } from '../../inputs/reader.js';
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

/** Identifies the secret an id names (by ARN, or by name, or the partial ARN given). */
function matches(id: string, value: { name: string; arn?: string }): boolean {
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

/**
 * One secret to read, and every `secret-ids` line it serves: however many lines name a secret, it is
 * read once (and BatchGetSecretValue never sees one id twice, which AWS is reported to refuse).
 */
interface Target {
  region: string;
  id: string;
  requests: SecretRequest[];
  /** Set once a value was handed out: a reply can match one target twice (its name and its ARN). */
  read?: boolean;
}

/** Gathers requests by `(region, id)`; a wildcard's match joins the target that already names it. */
class Targets {
  readonly list: Target[] = [];

  /** `secret`: what a listing said about it, so that a line naming it by name or ARN is found. */
  add(region: string, id: string, request: SecretRequest, secret?: { name: string; arn?: string }): void {
    const existing = this.list.find(
      (t) => t.region === region && (t.id === id || (secret !== undefined && matches(t.id, secret))),
    );
    if (existing) {
      if (!existing.requests.includes(request)) existing.requests.push(request);
    } else this.list.push({ region, id, requests: [request] });
  }

  byRegion(): Map<string, Target[]> {
    const groups = new Map<string, Target[]>();
    for (const t of this.list) groups.set(t.region, [...(groups.get(t.region) ?? []), t]);
    return groups;
  }
}

/** The region a secret's ARN names (undefined without an ARN). */
function regionOf(value: SecretValue): string | undefined {
  return value.arn?.split(':')[3];
}

/** The alias on a wildcard names one variable, so the prefix must match exactly one secret. */
export function aliasMatchesSeveral(request: SecretRequest, names: string[]): InputError {
  return new InputError(
    'secret-ids',
    `${quote(request.line)} gives an alias to a prefix that matches ${names.length} secrets`,
    'a prefix that matches exactly one secret, or no alias',
  );
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
    const list = this.values.get(request) ?? [];
    if (!list.some((v) => v.name === value.name && v.arn === value.arn)) list.push(value);
    this.values.set(request, list);
  }

  /** Hands a value to every line its target serves, once. */
  receivedFor(target: Target, value: SecretValue): void {
    if (target.read) return;
    target.read = true;
    for (const r of target.requests) this.received(r, value);
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

  /** Explicit ids in batches of 20, each id once; throws only when the batch call itself is refused. */
  async batchIds(region: string, targets: Target[]): Promise<void> {
    const client = this.deps.client(region);
    await mapLimit(
      chunk(targets, BATCH_SIZE),
      CONCURRENCY,
      async (batch) => {
        const pages = paginateBatchGetSecretValue(
          { client },
          { SecretIdList: batch.map((t) => t.id) },
          this.opts,
        );
        for await (const out of this.countedPages(pages)) {
          for (const entry of out.SecretValues ?? []) {
            const value = fromEntry(entry);
            for (const t of batch) if (matches(t.id, value)) this.receivedFor(t, value);
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

  async single(target: Target, stage: string | undefined, versionId: string | undefined): Promise<void> {
    const secretId = target.id;
    try {
      const out = await this.counted(
        this.deps.client(target.region).send(
          new GetSecretValueCommand({
            SecretId: secretId,
            VersionStage: versionId ? undefined : stage,
            VersionId: versionId,
          }),
          this.opts,
        ),
      );
      this.receivedFor(target, fromEntry(out));
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
 * GetSecretValue per secret only when the batch call itself is denied. Long because the two ways
 * (batched and one by one) share the de-duplication of targets and the per-line hand-out of values.
 */
export async function readSecrets(
  requests: SecretRequest[],
  options: ReadOptions,
  deps: ReadDeps,
): Promise<ReadOutcome> {
  const reader = new Reader(deps);
  const explicit = requests.filter((r) => r.id !== undefined);
  const wildcards = requests.filter((r) => r.prefix !== undefined && r.alias === undefined);
  const aliasedWildcards = requests.filter((r) => r.prefix !== undefined && r.alias !== undefined);
  const batchable = options.versionStage === 'AWSCURRENT' && options.versionId === undefined;

  /** Explicit lines, then aliased wildcards, each resolved to its one match before any value is read. */
  const explicitTargets = async (): Promise<Targets> => {
    const targets = new Targets();
    for (const r of explicit) targets.add(r.region, r.id!, r);
    for (const w of aliasedWildcards) {
      const names = await reader.listNames(w);
      if (names.length > 1)
        throw aliasMatchesSeveral(
          w,
          names.map((n) => n.name),
        );
      if (names[0]) targets.add(w.region, names[0].arn ?? names[0].name, w, names[0]);
    }
    return targets;
  };

  const readSingly = async (): Promise<void> => {
    const targets = await explicitTargets();
    for (const w of wildcards)
      for (const n of await reader.listNames(w)) targets.add(w.region, n.arn ?? n.name, w, n);
    await mapLimit(
      targets.list,
      CONCURRENCY,
      (t) => reader.single(t, options.versionStage, options.versionId),
      { signal: deps.signal },
    );
  };

  const readBatched = async (): Promise<void> => {
    const targets = await explicitTargets();
    // Wildcards first: a secret a wildcard already returned is not asked for again by name.
    for (const w of wildcards) await reader.batchPrefix(w);
    const fromWildcards = wildcards.flatMap((w) => reader.values.get(w) ?? []);
    for (const t of targets.list) {
      const found = fromWildcards.find((v) => regionOf(v) === t.region && matches(t.id, v));
      if (found) reader.receivedFor(t, found);
    }
    for (const [region, group] of targets.byRegion()) {
      const unread = group.filter((t) => !t.read);
      if (unread.length) await reader.batchIds(region, unread);
    }
  };

  let method: ReadOutcome['method'] = 'single';
  try {
    if (batchable) {
      method = 'batch';
      try {
        await readBatched();
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
    if (err instanceof InputError) throw err;
    throw wrapAwsError(err, 'Reading secrets');
  }

  for (const w of [...wildcards, ...aliasedWildcards])
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
  /** One DescribeSecret per distinct secret, however many lines name it. */
  const describe = async ({ region, id, requests: lines }: Target): Promise<void> => {
    try {
      reader.requestCount++;
      const out = await deps
        .client(region)
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
      for (const request of lines)
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
    const targets = new Targets();
    for (const r of requests) if (r.id) targets.add(r.region, r.id, r);
    for (const w of requests.filter((r) => r.prefix !== undefined)) {
      const names = await reader.listNames(w);
      if (!names.length)
        failures.push({
          secret: `${w.prefix}*`,
          errorCode: 'NoSecretsMatched',
          kind: 'awsApi',
          message: `No secret name starts with \`${w.prefix}\` in ${w.region}.`,
        });
      if (w.alias !== undefined && names.length > 1)
        throw aliasMatchesSeveral(
          w,
          names.map((n) => n.name),
        );
      for (const n of names) targets.add(w.region, n.arn ?? n.name, w, n);
    }
    await mapLimit(targets.list, CONCURRENCY, describe, { signal: deps.signal });
  } catch (err) {
    throw err instanceof TaskError ? err : wrapAwsError(err, 'Listing secrets');
  }
  described.sort(
    (a, b) => requests.indexOf(a.request) - requests.indexOf(b.request) || a.name.localeCompare(b.name),
  );
  return { described, failures, requestCount: reader.requestCount };
}
