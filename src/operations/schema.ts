/**
 * The whole schema, assembled by the operation registry from the shared groups (src/inputs/schema.ts)
 * and each operation's own (beside the operation). `action.yml`, the README tables, the parsers
 * (through the typed names) and the CLI's flags all come from here; `npm run generate` rewrites the
 * files and a test fails when they drift.
 */
import {
  assertDisjoint,
  BUCKET_INPUTS,
  COMMON_INPUTS,
  COMMON_OUTPUTS,
  SHARED_OUTPUTS,
  type InputSpec,
  type OperationName,
} from '../inputs/schema.js';
import { InputReader } from '../inputs/reader.js';
import { ENSURE_BUCKET_INPUTS, ENSURE_BUCKET_OUTPUTS } from './ensure-bucket/schema.js';
import { FETCH_SECRET_INPUTS, FETCH_SECRET_OUTPUTS } from './fetch-secret/schema.js';
import { PRUNE_INPUTS, PRUNE_OUTPUTS } from './prune/schema.js';
import { UPLOAD_ARTIFACT_INPUTS, UPLOAD_ARTIFACT_OUTPUTS } from './upload-artifact/schema.js';

export { OPERATIONS, type InputSpec, type OperationName, type OutputSpec } from '../inputs/schema.js';

assertDisjoint('input', [
  COMMON_INPUTS,
  BUCKET_INPUTS,
  ENSURE_BUCKET_INPUTS,
  PRUNE_INPUTS,
  UPLOAD_ARTIFACT_INPUTS,
  FETCH_SECRET_INPUTS,
]);

export const INPUTS = {
  ...COMMON_INPUTS,
  ...BUCKET_INPUTS,
  ...ENSURE_BUCKET_INPUTS,
  ...PRUNE_INPUTS,
  ...UPLOAD_ARTIFACT_INPUTS,
  ...FETCH_SECRET_INPUTS,
} as const;

export type InputName = keyof typeof INPUTS;

assertDisjoint('output', [
  COMMON_OUTPUTS,
  SHARED_OUTPUTS,
  ENSURE_BUCKET_OUTPUTS,
  PRUNE_OUTPUTS,
  UPLOAD_ARTIFACT_OUTPUTS,
  FETCH_SECRET_OUTPUTS,
]);

export const OUTPUTS = {
  ...COMMON_OUTPUTS,
  ...SHARED_OUTPUTS,
  ...ENSURE_BUCKET_OUTPUTS,
  ...PRUNE_OUTPUTS,
  ...UPLOAD_ARTIFACT_OUTPUTS,
  ...FETCH_SECRET_OUTPUTS,
} as const;

export type OutputName = keyof typeof OUTPUTS;

export function inputsFor(operation: OperationName | 'common'): InputName[] {
  return (Object.keys(INPUTS) as InputName[]).filter((name) => {
    const ops = (INPUTS[name] as InputSpec).operations;
    return operation === 'common' ? !ops : ops?.includes(operation);
  });
}

/** A reader of raw inputs with the whole schema's defaults. */
export function schemaReader(raw: (name: string) => string | undefined): InputReader<InputName> {
  return new InputReader(raw, INPUTS);
}
