import { githubContext, isPullRequestEvent, pullRequestNumber } from '../host/github-context.js';
import type { Logger } from '../logging/logger.js';
import { formatTime } from './format.js';
import { inertText } from './inert-markdown.js';

/** GitHub refuses comment bodies over 65,536 characters; leave room for the marker and the note. */
export const COMMENT_LIMIT_CHARS = 60_000;

export interface PrCommentTarget {
  owner: string;
  repo: string;
  number: number;
  /** Identifies this workflow, job and step: one sticky comment each. */
  marker: string;
  /** The PR's head commit (`GITHUB_SHA` is the merge commit of a `pull_request` run). */
  headSha?: string;
}

/** The pull request this run belongs to, or undefined outside `pull_request`/`pull_request_target`. */
export function prCommentTarget(
  env: Readonly<Record<string, string | undefined>>,
): PrCommentTarget | undefined {
  const github = githubContext(env);
  if (!isPullRequestEvent(github) || !github.repository) return undefined;
  const number = pullRequestNumber(github);
  const sha = github.event()?.pull_request?.head?.sha;
  const headSha = typeof sha === 'string' && /^[0-9a-f]{7,64}$/.test(sha) ? sha : undefined;
  if (!number) return undefined;
  const [owner, repo] = github.repository.split('/') as [string, string];
  const id = [github.workflow, github.job, github.action]
    // Any run of dashes becomes one: `-->` in a workflow name must not end the HTML comment early.
    .map((p) => (p ?? '-').replace(/-{2,}/g, '-'))
    .join('/');
  return { owner, repo, number, marker: `<!-- aws-task-pack:${id} -->`, headSha };
}

/**
 * The line a reviewer needs to trust a preview: which commit it is for, the run that wrote it (a
 * link), which job and step, and when it was last updated.
 */
export function commentContext(
  env: Readonly<Record<string, string | undefined>>,
  target: Pick<PrCommentTarget, 'headSha'>,
  now: Date,
): string {
  const parts: string[] = [];
  const sha = target.headSha ?? env.GITHUB_SHA;
  if (sha && /^[0-9a-f]{7,64}$/.test(sha)) parts.push(`commit \`${sha.slice(0, 7)}\``);
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  if (env.GITHUB_REPOSITORY && /^\d+$/.test(env.GITHUB_RUN_ID ?? '') && /^https:\/\/[^\s()]+$/.test(server)) {
    const attempt = /^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? env.GITHUB_RUN_ATTEMPT : '1';
    const label = /^\d+$/.test(env.GITHUB_RUN_NUMBER ?? '') ? `run #${env.GITHUB_RUN_NUMBER}` : 'run';
    parts.push(
      `[${label}](${server}/${env.GITHUB_REPOSITORY.split('/').map(encodeURIComponent).join('/')}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${attempt})`,
    );
  }
  const step = [env.GITHUB_JOB, env.GITHUB_ACTION]
    .filter((p): p is string => Boolean(p))
    .map((p) => (/^[\w.-]+$/.test(p) ? `\`${p}\`` : inertText(p)));
  if (step.length) parts.push(`job ${step.join(' › ')}`);
  parts.push(`updated ${formatTime(now)}`);
  return parts.join(' · ');
}

/** The workflow's `GITHUB_TOKEN` comments as this bot. */
export const ACTIONS_BOT = 'github-actions[bot]';

type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>;

/**
 * Who the token comments as: the user of a personal or OAuth token (`GET /user`); for an app
 * installation token, which may not call `GET /user`, the app's bot (GraphQL `viewer`, whose bot
 * logins may lack the `[bot]` the REST API shows); `github-actions[bot]` when neither answers, as for
 * the workflow's own token. That fallback is safe: only workflows of this repository write as it.
 */
export async function tokenIdentity(octokit: Octokit): Promise<string> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (err) {
    // 403 "Resource not accessible by integration" is an installation token; anything else is a failure.
    const status = (err as { status?: number }).status;
    if (status !== 403 && status !== 404) throw err;
  }
  try {
    const { viewer } = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    if (viewer.login) return viewer.login.endsWith('[bot]') ? viewer.login : `${viewer.login}[bot]`;
  } catch {
    // Neither answered: the workflow's own token, most likely.
  }
  return ACTIONS_BOT;
}

/**
 * Creates or updates the one comment of this job and step, found again by its hidden marker and its
 * author (this token's identity), so a PR
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
    const marked = comments.filter((c) => c.body?.includes(target.marker));
    // Anyone can post a comment that carries the marker: only one written by this token's own
    // identity is ours to update.
    const identity = marked.length ? await tokenIdentity(octokit) : undefined;
    const existing = marked.find((c) => c.user?.login === identity);
    if (marked.length && !existing)
      logger.debug('pr-comment.foreign-marker', 'Comments with the marker by other authors were left alone', {
        authors: [...new Set(marked.map((c) => c.user?.login ?? '?'))],
        identity,
      });
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
