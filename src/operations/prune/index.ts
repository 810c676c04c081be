import type { Operation } from '../operation.js';
import { applyPrune } from './apply.js';
import type { PruneResult } from './outcome.js';
import { planPrune, type PrunePlan } from './plan.js';
import { buildReport } from './report.js';
import { parsePrune, type PruneSettings } from './settings.js';

export { streamingLimits, type PruneMode, type PrunePlan } from './plan.js';

/** prune: plan (plan.ts) → apply (apply.ts) → outcome (outcome.ts) → report (report.ts). */
export const prune: Operation<PruneSettings, PrunePlan, PruneResult> = {
  name: 'prune',
  parse: (reader, common) => parsePrune(reader, common),
  plan: planPrune,
  apply: applyPrune,
  report: (ctx, settings, plan, result) =>
    buildReport(ctx.common, ctx.common.dryRun, settings, plan, result, plan.refusal),
};
