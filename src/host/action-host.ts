import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { HttpClient } from '@actions/http-client';
import { IdTokenRequestError } from '../auth/id-token.js';
import type { AnnotationLevel, Host } from './host.js';

/** A line starting with `::` would be read by the runner as a workflow command. */
function neutralise(line: string): string {
  return line
    .split(/\r?\n/)
    .map((l) => (l.startsWith('::') ? ` ${l}` : l))
    .join('\n');
}

/** The GitHub Actions runner as a host: inputs from `INPUT_*`, outputs and env through its files. */
export class ActionHost implements Host {
  readonly env = process.env;
  readonly debug = core.isDebug();
  readonly tempDir = process.env.RUNNER_TEMP || tmpdir();

  getInput(name: string): string | undefined {
    return core.getInput(name) || undefined;
  }

  writeLine(line: string): void {
    process.stdout.write(`${neutralise(line)}\n`);
  }

  annotate(level: AnnotationLevel, message: string): void {
    if (level === 'error') core.error(message);
    else if (level === 'warning') core.warning(message);
    else core.notice(message);
  }

  maskValue(value: string): void {
    core.setSecret(value);
  }

  setOutput(name: string, value: string): void {
    core.setOutput(name, value);
  }

  exportVariable(name: string, value: string): void {
    core.exportVariable(name, value);
  }

  async appendSummary(markdown: string): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
    core.summary.emptyBuffer();
  }

  canRequestIdToken(): boolean {
    return Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  }

  /** One request to the runner's token endpoint; the caller retries with a fresh request. */
  async requestIdToken(audience: string, timeoutMs: number): Promise<string> {
    const url = new URL(process.env.ACTIONS_ID_TOKEN_REQUEST_URL!);
    url.searchParams.set('audience', audience);
    const client = new HttpClient('aws-task-pack', [], {
      allowRetries: false,
      maxRetries: 0,
      socketTimeout: timeoutMs,
    });
    try {
      let status: number;
      let body: string;
      try {
        const response = await client.get(url.toString(), {
          Authorization: `Bearer ${process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
          Accept: 'application/json',
        });
        status = response.message.statusCode ?? 0;
        body = await response.readBody();
      } catch (err) {
        // Timeouts and socket errors: worth another attempt with a fresh request.
        const code = (err as { code?: string }).code;
        throw new IdTokenRequestError(
          `the token endpoint could not be reached (${code ?? (err as Error).message})`,
        );
      }
      if (status < 200 || status > 299)
        throw new IdTokenRequestError(`the token endpoint answered HTTP ${status}`, status);
      let token: unknown;
      try {
        token = (JSON.parse(body) as { value?: unknown }).value;
      } catch {
        token = undefined;
      }
      if (typeof token !== 'string' || !token)
        throw new IdTokenRequestError('the token endpoint returned no token', status);
      return token;
    } finally {
      client.dispose();
    }
  }
}
