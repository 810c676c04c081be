import type { Tag } from '@aws-sdk/client-sts';

/** STS tag values allow letters, digits, spaces and `_.:/=+-@`, up to 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256);
}

/** Session tags describing the GitHub run, so CloudTrail shows which run did what. */
export function githubSessionTags(env: Readonly<Record<string, string | undefined>>): Tag[] {
  const sources: Array<[string, string | undefined]> = [
    ['GitHub', env.GITHUB_ACTIONS === 'true' ? 'Actions' : undefined],
    ['Repository', env.GITHUB_REPOSITORY],
    ['Workflow', env.GITHUB_WORKFLOW],
    ['RunId', env.GITHUB_RUN_ID],
    ['Actor', env.GITHUB_ACTOR],
    ['Commit', env.GITHUB_SHA],
  ];
  return sources
    .filter((s): s is [string, string] => Boolean(s[1]))
    .map(([Key, v]) => ({ Key, Value: tagValue(v) }));
}
