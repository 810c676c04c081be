import { OUTPUTS, type OperationName, type OutputName } from '../operations/schema.js';

type OutputType = 'number' | 'boolean' | 'json' | 'string';

/**
 * The JSON type of each output on stdout. The action can only set strings; a script reading the
 * CLI's JSON should get `3`, `true` and a list, not `"3"`, `"true"` and a list inside a string. A test
 * keeps this table complete.
 */
export const OUTPUT_TYPES: Partial<Record<OutputName, OutputType>> = {
  'exit-code': 'number',
  'error-code': 'string',
  'dry-run': 'boolean',
  'caller-arn': 'string',
  'manifest-path': 'string',
  'bucket-arn': 'string',
  region: 'string',
  created: 'boolean',
  changed: 'boolean',
  changes: 'json',
  'deleted-count': 'number',
  'deleted-bytes': 'number',
  'unconfirmed-count': 'number',
  'kept-count': 'number',
  'planned-count': 'number',
  'uploaded-count': 'number',
  'skipped-count': 'number',
  bytes: 'number',
  'key-prefix': 'string',
  's3-uri': 'string',
  urls: 'json',
  'secret-count': 'number',
  variables: 'json',
};

function typed(type: OutputType, value: string): unknown {
  if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (type === 'json')
    try {
      return JSON.parse(value) as unknown;
    } catch {
      // Redaction can leave something that is no longer JSON: then the string as it is.
    }
  return value;
}

/**
 * The outputs of one run with their JSON types. Only outputs the operation declares are typed: the
 * variables `fetch-secret` sets are named by the user and stay strings whatever they are called.
 */
export function typedOutputs(
  operation: OperationName,
  outputs: Record<string, string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const spec = OUTPUTS[name as OutputName] as { operations?: readonly string[] } | undefined;
    const declared = spec && (!spec.operations || spec.operations.includes(operation));
    result[name] = declared ? typed(OUTPUT_TYPES[name as OutputName] ?? 'string', value) : value;
  }
  return result;
}
