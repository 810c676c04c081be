/**
 * A stand-in for the parts of GitHub's REST API that `pr-comment` uses, on loopback, for
 * `GITHUB_API_URL`: listing an issue's comments (paginated with `Link` headers, as GitHub does),
 * creating one and updating one. Comments live in memory; every request is recorded. A token listed
 * in `forbiddenTokens` gets the 403 a read-only token (a fork's pull request) gets. Who a token is:
 * a token in `users` is that user (`GET /user`); one in `apps` is an app installation token (`GET /user`
 * refused with 403, GraphQL `viewer` answers the app's bot); any other token is the workflow's
 * `GITHUB_TOKEN`, whose comments are `github-actions[bot]`'s.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { closeServer, listen } from './harness.js';

export interface StubComment {
  id: number;
  body: string;
  user: string;
}

export interface StubRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: string;
  status: number;
}

export interface GitHubApiStub {
  url: string;
  requests: StubRequest[];
  /** Comments by `owner/repo#number`. */
  comments: Map<string, StubComment[]>;
  forbiddenTokens: Set<string>;
  /** Personal tokens: token → user login. */
  users: Map<string, string>;
  /** App installation tokens: token → the app's bot login as GraphQL `viewer` gives it (no `[bot]`). */
  apps: Map<string, string>;
  /** Adds a comment as another user would have written it. */
  seed(issue: string, body: string, user?: string): StubComment;
  /** The comments of `owner/repo#number` (empty when none). */
  on(issue: string): StubComment[];
  close(): Promise<void>;
}

const json = (value: unknown): string => JSON.stringify(value);

function toApi(c: StubComment, base: string, issue: string): Record<string, unknown> {
  const [repo] = issue.split('#');
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.example/${repo}/pull/${issue.split('#')[1]}#issuecomment-${c.id}`,
    body: c.body,
    user: { login: c.user, id: 1, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: '2026-11-23T00:00:00Z',
    updated_at: '2026-11-23T00:00:00Z',
  };
}

export async function startGitHubApiStub(): Promise<GitHubApiStub> {
  const requests: StubRequest[] = [];
  const comments = new Map<string, StubComment[]>();
  const forbiddenTokens = new Set<string>();
  const users = new Map<string, string>();
  const apps = new Map<string, string>();
  const authorOf = (token: string): string =>
    users.get(token) ?? (apps.has(token) ? `${apps.get(token)}[bot]` : 'github-actions[bot]');
  let nextId = 1000;
  const on = (issue: string): StubComment[] => {
    let list = comments.get(issue);
    if (!list) comments.set(issue, (list = []));
    return list;
  };
  let base = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const record: StubRequest = {
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        body: chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined,
        status: 0,
      };
      requests.push(record);
      const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
        record.status = status;
        res
          .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
          .end(body === undefined ? '' : json(body));
      };
      const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return answer(401, { message: 'Requires authentication' });
      if (forbiddenTokens.has(token))
        return answer(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments',
          status: '403',
        });

      if (url.pathname === '/user' && req.method === 'GET') {
        const login = users.get(token);
        return login
          ? answer(200, { login, id: 7, type: 'User' })
          : answer(403, { message: 'Resource not accessible by integration', status: '403' });
      }
      if (url.pathname === '/graphql' && req.method === 'POST') {
        const query = (JSON.parse(record.body ?? '{}') as { query?: string }).query ?? '';
        if (!/viewer\s*\{\s*login/.test(query) || !apps.has(token))
          return answer(200, { data: null, errors: [{ message: 'Resource not accessible by integration' }] });
        return answer(200, { data: { viewer: { login: apps.get(token) } } });
      }
      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && req.method === 'GET') {
        const issue = `${list[1]}/${list[2]}#${list[3]}`;
        const all = on(issue);
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string): string => {
          const next = new URL(url);
          next.searchParams.set('page', String(p));
          return `<${next.toString()}>; rel="${rel}"`;
        };
        const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
        return answer(
          200,
          slice.map((c) => toApi(c, base, issue)),
          links.length ? { link: links.join(', ') } : {},
        );
      }
      if (list && req.method === 'POST') {
        const issue = `${list[1]}/${list[2]}#${list[3]}`;
        const body = (JSON.parse(record.body ?? '{}') as { body?: string }).body;
        if (typeof body !== 'string') return answer(422, { message: 'body is missing' });
        if (body.length > 65_536)
          return answer(422, { message: 'Validation Failed', errors: [{ code: 'custom', field: 'body' }] });
        const comment = { id: nextId++, body, user: authorOf(token) };
        on(issue).push(comment);
        return answer(201, toApi(comment, base, issue));
      }
      if (one && req.method === 'PATCH') {
        const id = Number(one[3]);
        const issue = [...comments.entries()].find(([, cs]) => cs.some((c) => c.id === id))?.[0];
        const comment = issue ? on(issue).find((c) => c.id === id) : undefined;
        if (!issue || !comment) return answer(404, { message: 'Not Found' });
        const body = (JSON.parse(record.body ?? '{}') as { body?: string }).body;
        if (typeof body !== 'string') return answer(422, { message: 'body is missing' });
        if (body.length > 65_536)
          return answer(422, { message: 'Validation Failed', errors: [{ code: 'custom', field: 'body' }] });
        comment.body = body;
        return answer(200, toApi(comment, base, issue));
      }
      return answer(404, { message: 'Not Found' });
    });
  });
  const port = await listen(server);
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    requests,
    comments,
    forbiddenTokens,
    users,
    apps,
    seed(issue, body, user = 'octocat') {
      const comment = { id: nextId++, body, user };
      on(issue).push(comment);
      return comment;
    },
    on,
    close: () => closeServer(server),
  };
}

/**
 * Writes the payload of a `pull_request` event (a push to PR `number` of this repository) to
 * `dir/event.json`, as the runner does; returns its path, for `GITHUB_EVENT_PATH`.
 */
export async function writePullRequestEvent(dir: string, number: number): Promise<string> {
  const path = join(dir, 'event.json');
  await writeFile(
    path,
    JSON.stringify({
      action: 'synchronize',
      number,
      pull_request: { number, head: { ref: 'feature' }, base: { ref: 'main' } },
      repository: { full_name: 'octo-org/aws-task-pack' },
    }),
  );
  return path;
}
