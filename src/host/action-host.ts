import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import * as core from '@actions/core';
import { TaskError } from '../errors.js';
import { inertCommandData, inertLines } from './inert-line.js';
import { IdTokenRequestError, type AnnotationLevel, type AnnotationProperties, type Host } from './host.js';
import { inputsIn } from './runner-inputs.js';

/**
 * The variables that tell `@actions/core` where the runner's files and token endpoint are. `core`
 * reads them from `process.env` on every command, and `core.exportVariable` writes `process.env`:
 * an exported name such as `GITHUB_ENV` (a secret's key, say) would redirect every later write, and
 * `ACTIONS_ID_TOKEN_REQUEST_URL` would send the runner's bearer token elsewhere. So they are read
 * once, when the host is created, and put back before every command that reads them.
 */
const PINNED = [
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_STATE',
  'GITHUB_PATH',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
] as const;

/**
 * The GitHub Actions runner as a host, through `@actions/core` (the runner's protocol as GitHub
 * maintains it: file commands and their delimiters, masking, annotations, the job summary, the ID
 * token). What `core` does not do stays on our side: every line is redacted (by the logger) and
 * neutralised (here) before `core` prints it.
 */
export class ActionHost implements Host {
  readonly env = process.env;
  readonly debug = core.isDebug();
  readonly tempDir = process.env.RUNNER_TEMP || tmpdir();
  private readonly pinned: ReadonlyMap<string, string | undefined>;

  constructor() {
    this.pinned = new Map(PINNED.map((name) => [name, process.env[name]]));
  }

  /** Runs a `core` command with the runner's variables as they were when the step started. */
  private withPinnedEnv<T>(command: () => T): T {
    for (const [name, value] of this.pinned)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    return command();
  }

  getInput(name: string): string | undefined {
    return core.getInput(name) || undefined;
  }

  givenInputs(): Record<string, string> {
    return inputsIn(process.env);
  }

  writeLine(line: string): void {
    core.info(inertLines(line));
  }

  annotate(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): void {
    // Only the properties given: `core` writes `::error ::` for an object of undefined ones.
    const props: core.AnnotationProperties = {};
    if (properties.title !== undefined) props.title = inertCommandData(properties.title);
    if (properties.file !== undefined) props.file = inertCommandData(properties.file);
    core[level](inertCommandData(message), props);
  }

  startGroup(title: string): void {
    core.startGroup(inertCommandData(title));
  }

  endGroup(): void {
    core.endGroup();
  }

  maskValue(value: string): void {
    core.setSecret(value);
  }

  setOutput(name: string, value: string): void {
    this.withPinnedEnv(() => core.setOutput(name, value));
  }

  exportVariable(name: string, value: string): void {
    // `core` sets process.env[name] before it reads GITHUB_ENV: pinning cannot help within that call.
    if (this.pinned.has(name))
      throw new TaskError('refused', `The variable name ${name} belongs to the runner and is not exported.`, {
        errorCode: 'ReservedVariableName',
        hint: 'Rename the variable (`name-prefix` or `variables`).',
      });
    this.withPinnedEnv(() => core.exportVariable(name, value));
  }

  async appendSummary(markdown: string): Promise<void> {
    if (!this.pinned.get('GITHUB_STEP_SUMMARY')) return;
    await this.withPinnedEnv(() => core.summary.addRaw(markdown, true).write());
  }

  canRequestIdToken(): boolean {
    return Boolean(
      this.pinned.get('ACTIONS_ID_TOKEN_REQUEST_URL') && this.pinned.get('ACTIONS_ID_TOKEN_REQUEST_TOKEN'),
    );
  }

  /**
   * One `core.getIDToken`, bounded by `timeoutMs`. `core` already retries 502/503/504 itself and keeps
   * no status on the error it throws, so its failures are final here; only our timeout is worth
   * another attempt (with a fresh request).
   */
  async requestIdToken(audience: string, timeoutMs: number): Promise<string> {
    const timer = new AbortController();
    const timeout = delay(timeoutMs, undefined, { signal: timer.signal }).then(() => {
      throw new IdTokenRequestError(`the token endpoint did not answer within ${timeoutMs} ms`);
    });
    timeout.catch(() => undefined);
    try {
      return await Promise.race([
        this.withPinnedEnv(() => core.getIDToken(audience)).catch((err: unknown) => {
          const message = (err as Error).message.replace(/\s*\n\s*/g, ' ').trim();
          throw new IdTokenRequestError(message, undefined, { retryable: false });
        }),
        timeout,
      ]);
    } finally {
      timer.abort();
    }
  }
}
