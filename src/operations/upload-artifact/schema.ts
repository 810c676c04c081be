import type { InputSpec, OutputSpec } from '../../inputs/spec.js';

/** The inputs and outputs of `upload-artifact`; merged into the one schema in src/inputs/schema.ts. */
export const UPLOAD_ARTIFACT_INPUTS = {} as const satisfies Record<string, InputSpec>;

export const UPLOAD_ARTIFACT_OUTPUTS = {} as const satisfies Record<string, OutputSpec>;
