import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  type BatchGetSecretValueCommandInput,
  type DescribeSecretCommandInput,
  type GetSecretValueCommandInput,
  type ListSecretsCommandInput,
} from '@aws-sdk/client-secrets-manager';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { secretsManagerError } from './helpers.js';

interface Version {
  versionId: string;
  stages: string[];
  text?: string;
  binary?: Uint8Array;
}

interface Stored {
  name: string;
  arn: string;
  versions: Version[];
  lastChanged: Date;
}

let versionCounter = 0;
function newVersionId(): string {
  versionCounter++;
  return `a1b2c3d4-0000-4000-8000-${String(versionCounter).padStart(12, '0')}`;
}

/**
 * An in-memory Secrets Manager behind an aws-sdk-client-mock stub. Its `name` filter is as loose as the
 * service's (case-insensitive), so the action's own case-sensitive prefix check is exercised.
 */
export class FakeSecretsManager {
  readonly secrets = new Map<string, Stored>();
  /** Names the caller may not read (per-secret AccessDeniedException). */
  readonly denied = new Set<string>();
  private errors?: { notFound: Error; denied: Error };

  constructor(
    private readonly mock: AwsClientStub<SecretsManagerClient>,
    readonly region = 'eu-west-1',
    readonly account = '123456789012',
  ) {}

  arnOf(name: string, region = this.region): string {
    return `arn:aws:secretsmanager:${region}:${this.account}:secret:${name}-AbCdEf`;
  }

  /** Adds a secret with its current value (and optionally a previous one). */
  add(name: string, value: string | Uint8Array, options: { previous?: string; region?: string } = {}): this {
    const current: Version = {
      versionId: newVersionId(),
      stages: ['AWSCURRENT'],
      ...(typeof value === 'string' ? { text: value } : { binary: value }),
    };
    const versions = [current];
    if (options.previous !== undefined)
      versions.push({ versionId: newVersionId(), stages: ['AWSPREVIOUS'], text: options.previous });
    this.secrets.set(name, {
      name,
      arn: this.arnOf(name, options.region),
      versions,
      lastChanged: new Date('2026-10-01T12:00:00Z'),
    });
    return this;
  }

  versionOf(name: string, stage = 'AWSCURRENT'): string {
    return this.secrets.get(name)!.versions.find((v) => v.stages.includes(stage))!.versionId;
  }

  private find(id: string): Stored | undefined {
    for (const s of this.secrets.values())
      if (s.name === id || s.arn === id || (id.startsWith('arn:') && s.arn === `${id}-AbCdEf`)) return s;
    return undefined;
  }

  private loose(prefix: string): Stored[] {
    return [...this.secrets.values()]
      .filter((s) => s.name.toLowerCase().startsWith(prefix.toLowerCase()))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private entry(s: Stored, v: Version) {
    return {
      Name: s.name,
      ARN: s.arn,
      VersionId: v.versionId,
      VersionStages: v.stages,
      SecretString: v.text,
      SecretBinary: v.binary,
      CreatedDate: s.lastChanged,
    };
  }

  private page<T>(items: T[], max: number, token: string | undefined) {
    const start = token ? Number(token) : 0;
    const end = start + max;
    return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
  }

  /** Installs the behaviour on the stub (call after `mock.reset()`). */
  async install(): Promise<this> {
    this.errors ??= {
      notFound: await secretsManagerError(
        'ResourceNotFoundException',
        400,
        "Secrets Manager can't find the specified secret.",
      ),
      denied: await secretsManagerError('AccessDeniedException', 400, 'not authorized'),
    };
    const errors = this.errors;

    this.mock.on(BatchGetSecretValueCommand).callsFake(async (input: BatchGetSecretValueCommandInput) => {
      if (input.SecretIdList) {
        if (input.SecretIdList.length > 20) throw new Error('fake: more than 20 ids in one batch');
        // AWS is reported to refuse a list naming one id twice (not documented): the action never sends one.
        if (new Set(input.SecretIdList).size !== input.SecretIdList.length)
          throw new Error('fake: one id twice in one batch');
        const SecretValues = [];
        const Errors = [];
        for (const id of input.SecretIdList) {
          const s = this.find(id);
          if (s && this.denied.has(s.name))
            Errors.push({ SecretId: id, ErrorCode: 'AccessDeniedException', Message: 'not authorized' });
          else if (s) SecretValues.push(this.entry(s, s.versions[0]!));
          else
            Errors.push({
              SecretId: id,
              ErrorCode: 'ResourceNotFoundException',
              Message: "Secrets Manager can't find the specified secret.",
            });
        }
        return { SecretValues, Errors };
      }
      const prefix = input.Filters?.find((f) => f.Key === 'name')?.Values?.[0] ?? '';
      const { items, next } = this.page(this.loose(prefix), input.MaxResults ?? 20, input.NextToken);
      return {
        SecretValues: items.filter((s) => !this.denied.has(s.name)).map((s) => this.entry(s, s.versions[0]!)),
        Errors: items
          .filter((s) => this.denied.has(s.name))
          .map((s) => ({ SecretId: s.arn, ErrorCode: 'AccessDeniedException', Message: 'not authorized' })),
        NextToken: next,
      };
    });

    this.mock.on(GetSecretValueCommand).callsFake(async (input: GetSecretValueCommandInput) => {
      const s = this.find(input.SecretId!);
      if (!s) throw errors.notFound;
      if (this.denied.has(s.name)) throw errors.denied;
      const v = input.VersionId
        ? s.versions.find((x) => x.versionId === input.VersionId)
        : s.versions.find((x) => x.stages.includes(input.VersionStage ?? 'AWSCURRENT'));
      if (!v) throw errors.notFound;
      return this.entry(s, v);
    });

    this.mock.on(ListSecretsCommand).callsFake(async (input: ListSecretsCommandInput) => {
      const prefix = input.Filters?.find((f) => f.Key === 'name')?.Values?.[0] ?? '';
      const { items, next } = this.page(this.loose(prefix), input.MaxResults ?? 100, input.NextToken);
      return { SecretList: items.map((s) => ({ Name: s.name, ARN: s.arn })), NextToken: next };
    });

    this.mock.on(DescribeSecretCommand).callsFake(async (input: DescribeSecretCommandInput) => {
      const s = this.find(input.SecretId!);
      if (!s) throw errors.notFound;
      if (this.denied.has(s.name)) throw errors.denied;
      return {
        Name: s.name,
        ARN: s.arn,
        LastChangedDate: s.lastChanged,
        VersionIdsToStages: Object.fromEntries(s.versions.map((v) => [v.versionId, v.stages])),
      };
    });
    return this;
  }
}
