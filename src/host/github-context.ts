import { readFileSync } from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

/** The parts of a webhook payload this project reads. */
interface EventPayload {
  number?: number;
  pull_request?: {
    number?: number;
    head?: { sha?: unknown; repo?: { fork?: boolean; full_name?: string } };
  };
}

/**
 * The GitHub run a step belongs to, read from the `GITHUB_*` variables of the host's environment.
 * Every `GITHUB_*` read outside the host lives here, so a newcomer finds the run's context in one
 * place, and the event payload is parsed once however many modules ask.
 */
export interface GitHubContext {
  /** `GITHUB_ACTIONS=true`: running on a GitHub Actions runner. */
  readonly inActions: boolean;
  /** `owner/name`. */
  readonly repository?: string;
  readonly runId?: string;
  readonly runAttempt?: string;
  readonly workflow?: string;
  readonly job?: string;
  readonly action?: string;
  readonly actor?: string;
  readonly sha?: string;
  readonly ref?: string;
  readonly refName?: string;
  readonly eventName?: string;
  /** `GITHUB_TOKEN` when the caller exported it (the CLI on other CIs). */
  readonly token?: string;
  /** The event payload, or undefined when there is none or it does not parse. */
  event(): EventPayload | undefined;
}

const contexts = new WeakMap<Env, GitHubContext>();

/** The context of `env`; one object (and one payload parse) per environment. */
export function githubContext(env: Env): GitHubContext {
  const known = contexts.get(env);
  if (known) return known;
  let payload: { value: EventPayload | undefined } | undefined;
  const context: GitHubContext = {
    inActions: env.GITHUB_ACTIONS === 'true',
    repository: env.GITHUB_REPOSITORY || undefined,
    runId: env.GITHUB_RUN_ID || undefined,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    workflow: env.GITHUB_WORKFLOW || undefined,
    job: env.GITHUB_JOB || undefined,
    action: env.GITHUB_ACTION || undefined,
    actor: env.GITHUB_ACTOR || undefined,
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    refName: env.GITHUB_REF_NAME || undefined,
    eventName: env.GITHUB_EVENT_NAME || undefined,
    token: env.GITHUB_TOKEN?.trim() || undefined,
    event() {
      payload ??= { value: readPayload(env.GITHUB_EVENT_PATH) };
      return payload.value;
    },
  };
  contexts.set(env, context);
  return context;
}

function readPayload(path: string | undefined): EventPayload | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch {
    return undefined;
  }
}

/** The repository's name without its owner. */
export function repoName(context: GitHubContext): string | undefined {
  return context.repository?.split('/').pop();
}

/** True on `pull_request` and `pull_request_target` events. */
export function isPullRequestEvent(context: GitHubContext): boolean {
  return context.eventName === 'pull_request' || context.eventName === 'pull_request_target';
}

/** The pull request number: from `refs/pull/<n>/…`, else from the payload. */
export function pullRequestNumber(context: GitHubContext): number | undefined {
  const fromRef = /^refs\/pull\/(\d+)\//.exec(context.ref ?? '')?.[1];
  if (fromRef) return Number(fromRef);
  const event = context.event();
  return event?.pull_request?.number ?? (isPullRequestEvent(context) ? event?.number : undefined);
}

/** A pull request from a fork, where GitHub withholds the ID token. */
export function isForkPullRequest(context: GitHubContext): boolean {
  if (!context.eventName?.startsWith('pull_request')) return false;
  const head = context.event()?.pull_request?.head?.repo;
  return Boolean(head?.fork) || (head?.full_name !== undefined && head.full_name !== context.repository);
}
