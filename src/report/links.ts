import type { Cell } from './report.js';

/**
 * Pages of the S3 console a person can open: only for AWS's commercial partition. Behind an
 * `endpoint-url` (another store) there is no such page, and the text stays plain.
 */
export interface ConsoleScope {
  region: string;
  endpointUrl?: string;
}

const CONSOLE = 'https://s3.console.aws.amazon.com/s3';

function available(scope: ConsoleScope): boolean {
  return !scope.endpointUrl && !/^(cn|us-gov|us-iso|eu-isoe)-/.test(scope.region);
}

/** `s3://bucket/prefix`, linked to the console's folder view where there is one. */
export function prefixCell(scope: ConsoleScope, bucket: string, prefix = ''): Cell {
  const text = `s3://${bucket}/${prefix}`;
  if (!available(scope)) return text;
  const query = new URLSearchParams({ region: scope.region, ...(prefix ? { prefix } : {}) });
  return { text, href: `${CONSOLE}/buckets/${encodeURIComponent(bucket)}?${query}` };
}

/** An object's key, linked to its console page where there is one. */
export function objectCell(scope: ConsoleScope, bucket: string, key: string, text = key): Cell {
  if (!available(scope)) return text;
  const query = new URLSearchParams({ region: scope.region, prefix: key });
  return { text, href: `${CONSOLE}/object/${encodeURIComponent(bucket)}?${query}` };
}
