import { appendFile } from 'node:fs/promises';
import { EOL, tmpdir } from 'node:os';
import { IdTokenRequestError } from '../auth/id-token.js';
import type { AnnotationLevel, AnnotationProperties, Host } from './host.js';
import { inertCommandData, inertLines } from '../logging/inert-line.js';
import {
  appendToEnvFile,
  escapeData,
  escapeProperty,
  inputsIn,
  inputValue,
  issueCommand,
} from './runner-protocol.js';

/** The GitHub Actions runner as a host: inputs from `INPUT_*`, outputs and env through its files. */
export class ActionHost implements Host {
  readonly env = process.env;
  readonly debug = process.env.RUNNER_DEBUG === '1';
  readonly tempDir = process.env.RUNNER_TEMP || tmpdir();
  /**
   * The runner's files and token endpoint, read once: exporting a variable updates `process.env`, so
   * reading them again later would let an exported `GITHUB_ENV` send the rest of the step's writes
   * (secret values among them) somewhere else.
   */
  private readonly pinned = {
    output: process.env.GITHUB_OUTPUT,
    env: process.env.GITHUB_ENV,
    summary: process.env.GITHUB_STEP_SUMMARY,
    idTokenUrl: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
    idTokenRequestToken: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  };

  getInput(name: string): string | undefined {
    return inputValue(name) || undefined;
  }

  givenInputs(): Record<string, string> {
    return inputsIn(process.env);
  }

  writeLine(line: string): void {
    process.stdout.write(`${inertLines(line)}\n`);
  }

  annotate(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): void {
    issueCommand(level, inertCommandData(message), { title: properties.title, file: properties.file });
  }

  startGroup(title: string): void {
    issueCommand('group', inertCommandData(title));
  }

  endGroup(): void {
    issueCommand('endgroup', '');
  }

  maskValue(value: string): void {
    issueCommand('add-mask', value);
  }

  setOutput(name: string, value: string): void {
    // Without the file (an old runner), the deprecated command still works.
    if (!appendToEnvFile(this.pinned.output, name, value))
      process.stdout.write(`${EOL}::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
  }

  exportVariable(name: string, value: string): void {
    process.env[name] = value;
    if (!appendToEnvFile(this.pinned.env, name, value))
      process.stdout.write(`::set-env name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
  }

  async appendSummary(markdown: string): Promise<void> {
    const file = this.pinned.summary;
    if (!file) return;
    await appendFile(file, `${markdown}${EOL}`, 'utf8');
  }

  canRequestIdToken(): boolean {
    return Boolean(this.pinned.idTokenUrl && this.pinned.idTokenRequestToken);
  }

  /** One request to the runner's token endpoint; the caller retries with a fresh request. */
  async requestIdToken(audience: string, timeoutMs: number): Promise<string> {
    const url = new URL(this.pinned.idTokenUrl!);
    url.searchParams.set('audience', audience);
    // Loaded only here: most steps never ask for a token, and the HTTP stack is a large part of start-up.
    const { HttpClient } = await import('@actions/http-client');
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
          Authorization: `Bearer ${this.pinned.idTokenRequestToken}`,
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
