import { githubContext, isPullRequestEvent, pullRequestNumber } from '../host/github-context.js';
import type { Logger } from '../logging/logger.js';

/** GitHub refuses comment bodies over 65,536 characters; leave room for the marker and the note. */
export const COMMENT_LIMIT_CHARS = 60_000;

export interface PrCommentTarget {
  owner: string;
  repo: string;
  number: number;
  /** Identifies this workflow, job and step: one sticky comment each. */
  marker: string;
}

/** The pull request this run belongs to, or undefined outside `pull_request`/`pull_request_target`. */
export function prCommentTarget(
  env: Readonly<Record<string, string | undefined>>,
): PrCommentTarget | undefined {
  const github = githubContext(env);
  if (!isPullRequestEvent(github) || !github.repository) return undefined;
  const number = pullRequestNumber(github);
  if (!number) return undefined;
  const [owner, repo] = github.repository.split('/') as [string, string];
  const id = [github.workflow, github.job, github.action]
    // Any run of dashes becomes one: `-->` in a workflow name must not end the HTML comment early.
    .map((p) => (p ?? '-').replace(/-{2,}/g, '-'))
    .join('/');
  return { owner, repo, number, marker: `<!-- aws-task-pack:${id} -->` };
}

/**
 * Creates or updates the one comment of this job and step, found again by its hidden marker, so a PR
 * gets one preview that follows every push instead of a pile of comments. A token that may not
 * comment (fork PRs get a read-only token) is a warning, never a failed step.
 */
export async function upsertPrComment(
  target: PrCommentTarget,
  body: string,
  token: string,
  logger: Logger,
): Promise<void> {
  const text = `${target.marker}\n${body}`;
  try {
    // Loaded only when a comment is due: the GitHub client is a large part of the bundle's start-up.
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(token);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.number,
      per_page: 100,
    });
    const existing = comments.find((c) => c.body?.includes(target.marker));
    if (existing) {
      await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body: text,
      });
      logger.info('pr-comment.updated', `Updated the preview comment on #${target.number}`, {
        comment: existing.id,
      });
    } else {
      const created = await octokit.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.number,
        body: text,
      });
      logger.info('pr-comment.created', `Commented the preview on #${target.number}`, {
        comment: created.data.id,
      });
    }
  } catch (err) {
    const status = (err as { status?: number }).status;
    logger.warning(
      'pr-comment.failed',
      status === 403 || status === 404
        ? `Could not comment on #${target.number} (HTTP ${status}): the token lacks \`pull-requests: write\`, as on pull requests from forks. The job summary has the same content.`
        : `Could not comment on #${target.number}: ${(err as Error).message}`,
      { status },
    );
  }
}
