/** The shape of the input and output definitions (see schema.ts). */
export const OPERATIONS = ['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'] as const;
export type OperationName = (typeof OPERATIONS)[number];

export interface InputSpec {
  description: string;
  /** The literal default the parser applies (and `action.yml` declares). */
  default?: string;
  /** A default only `action.yml` can give (an expression the runner evaluates), e.g. `${{ github.token }}`. */
  actionDefault?: string;
  /** How the README states the default when it is not a literal (e.g. taken from the environment). */
  docDefault?: string;
  /** The operations the input belongs to; absent means every operation (a common input). */
  operations?: readonly OperationName[];
  /** Required by `action.yml` itself (only `operation`); per-operation requirements are checked by the parsers. */
  required?: boolean;
  /**
   * Other names accepted for this input, each with the action that uses that name (so a workflow
   * moving over keeps working). Declared in `action.yml` and listed in the README; giving an input
   * under two of its names is an input error.
   */
  aliases?: Readonly<Record<string, string>>;
}

export interface OutputSpec {
  description: string;
  operations?: readonly OperationName[];
}
