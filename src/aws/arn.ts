/**
 * ARN parsing that knows every AWS partition (`aws`, `aws-cn`, `aws-us-gov`, the ISO partitions and
 * the European sovereign cloud), not only `aws`.
 */
export const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc)';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(value: string): Arn | undefined {
  const m = /^arn:([a-z0-9-]+):([a-z0-9-]+):([a-z0-9-]*):([^:]*):(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! };
}

const AWS_ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`);
/** S3-compatible stores (MinIO `arn:minio:iam:::role/x`, Ceph `arn:aws:iam::tenant:role/x`) bend the rules. */
const COMPATIBLE_ROLE_ARN = /^arn:[a-z][a-z0-9-]*:(?:iam|sts):[a-z0-9-]*:[\w.-]*:role\/[\w+=,.@/-]+$/;

export function isValidRoleArn(value: string, lenient: boolean): boolean {
  return AWS_ROLE_ARN.test(value) || (lenient && COMPATIBLE_ROLE_ARN.test(value));
}

const SECRET_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[\\w/+=.@-]{1,512}$`,
);

export function isSecretArn(value: string): boolean {
  return SECRET_ARN.test(value);
}

/** The secret's name inside its ARN, without the six-character suffix Secrets Manager appends. */
export function secretNameFromArn(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  const name = resource.replace(/^secret:/, '');
  return name.replace(/-[A-Za-z0-9]{6}$/, '');
}
