import type { InputSpec, OutputSpec } from '../../inputs/spec.js';

/** The inputs and outputs of `prune`; merged into the one schema in src/inputs/schema.ts. */
export const PRUNE_INPUTS = {} as const satisfies Record<string, InputSpec>;

export const PRUNE_OUTPUTS = {} as const satisfies Record<string, OutputSpec>;
