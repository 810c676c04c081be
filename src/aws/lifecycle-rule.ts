import type { LifecycleRule } from '@aws-sdk/client-s3';

/**
 * One lifecycle rule declared in `lifecycle-rules`. The rule's ID is its owner's name: a rule with this
 * ID is converged to the declaration, a rule whose ID is not declared is left exactly as it is.
 */
export interface DeclaredRule {
  id: string;
  prefix: string;
  /** Expiration.Days: current versions expire this many days after creation. */
  expireDays?: number;
  /** Expiration.ExpiredObjectDeleteMarker: remove delete markers with no version behind them. */
  expiredDeleteMarkers?: boolean;
  /** NoncurrentVersionExpiration.NoncurrentDays. */
  noncurrentDays?: number;
  /** NoncurrentVersionExpiration.NewerNoncurrentVersions: this many newest noncurrent versions stay. */
  keepNoncurrent?: number;
  /** AbortIncompleteMultipartUpload.DaysAfterInitiation. */
  abortIncompleteDays?: number;
  /** `state=absent`: a rule with this ID is removed. */
  absent: boolean;
}

export const RULE_FORM =
  'one rule per line: `id=NAME [prefix=PREFIX] [expire-days=N] [noncurrent-days=N [keep-noncurrent=N]] [abort-incomplete-days=N] [expired-delete-markers=true]`, or `id=NAME state=absent`';

/** The S3 rule a declaration stands for. */
export function lifecycleRuleOf(r: DeclaredRule): LifecycleRule {
  return {
    ID: r.id,
    Status: 'Enabled',
    Filter: { Prefix: r.prefix },
    ...(r.expireDays !== undefined
      ? { Expiration: { Days: r.expireDays } }
      : r.expiredDeleteMarkers
        ? { Expiration: { ExpiredObjectDeleteMarker: true } }
        : {}),
    ...(r.noncurrentDays !== undefined
      ? {
          NoncurrentVersionExpiration: {
            NoncurrentDays: r.noncurrentDays,
            ...(r.keepNoncurrent !== undefined ? { NewerNoncurrentVersions: r.keepNoncurrent } : {}),
          },
        }
      : {}),
    ...(r.abortIncompleteDays !== undefined
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortIncompleteDays } }
      : {}),
  };
}

/** The declaration as a `lifecycle-rules` line, the form prune's plan suggests. */
export function ruleLine(r: DeclaredRule): string {
  const value = (v: string): string => (/^[^\s"]*$/.test(v) && v !== '' ? v : JSON.stringify(v));
  return [
    `id=${value(r.id)}`,
    r.prefix ? `prefix=${value(r.prefix)}` : undefined,
    r.expireDays !== undefined ? `expire-days=${r.expireDays}` : undefined,
    r.expiredDeleteMarkers ? 'expired-delete-markers=true' : undefined,
    r.noncurrentDays !== undefined ? `noncurrent-days=${r.noncurrentDays}` : undefined,
    r.keepNoncurrent !== undefined ? `keep-noncurrent=${r.keepNoncurrent}` : undefined,
    r.abortIncompleteDays !== undefined ? `abort-incomplete-days=${r.abortIncompleteDays}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
