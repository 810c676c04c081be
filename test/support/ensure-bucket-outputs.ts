/**
 * Reading what an `ensure-bucket` run reported, the same for the built action (integration tests) and
 * a fake host (unit tests): the `changes` output and the change rows of the job summary.
 */

/** One entry of the `changes` output. */
export interface ChangeOut {
  setting: string;
  key?: string;
  op: string;
  from: string | null;
  to: string | null;
  skipped?: string;
}

/** The `changes` output, parsed. */
export const changesOf = (run: { outputs: Record<string, string> }): ChangeOut[] =>
  JSON.parse(run.outputs.changes ?? 'null') as ChangeOut[];

/** The lines of the summary's `diff` block of changes, the padding between columns made two spaces. */
export const summaryRows = (run: { summary: string }): string[] => {
  const block = /```diff\n([\s\S]*?)\n```/.exec(run.summary);
  return block ? block[1]!.split('\n').map((l) => l.replace(/(\S) {2,}/g, '$1  ')) : [];
};
