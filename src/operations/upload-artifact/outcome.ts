import type { Outcome, Plan } from '../operation.js';
import type { MirrorPlan, MirrorResult } from './mirror.js';
import type { UploadPlanData } from './plan.js';
import type { UploadOutcome } from './upload.js';

/** What plan and apply hand the report: the planned files (and removals), and what was done. */
export interface UploadPlan extends Plan, UploadPlanData {
  /** Mirror mode (`delete-removed`) only. */
  mirror?: MirrorPlan;
}

export interface UploadResult extends Outcome {
  outcome: UploadOutcome;
  /** Mirror mode: what was deleted (or why nothing was). */
  mirror?: MirrorResult;
  manifestPath?: string;
  manifestKey?: string;
  urls: Record<string, string>;
}
