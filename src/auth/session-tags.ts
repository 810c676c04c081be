import type { Tag } from '@aws-sdk/client-sts';
import type { GitHubContext } from '../host/github-context.js';

/** STS tag values allow letters, digits, spaces and `_.:/=+-@`, up to 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256);
}

/** Session tags describing the GitHub run, so CloudTrail shows which run did what. */
export function githubSessionTags(github: GitHubContext): Tag[] {
  const sources: Array<[string, string | undefined]> = [
    ['GitHub', github.inActions ? 'Actions' : undefined],
    ['Repository', github.repository],
    ['Workflow', github.workflow],
    ['RunId', github.runId],
    ['Actor', github.actor],
    ['Commit', github.sha],
  ];
  return sources
    .filter((s): s is [string, string] => Boolean(s[1]))
    .map(([Key, v]) => ({ Key, Value: tagValue(v) }));
}
